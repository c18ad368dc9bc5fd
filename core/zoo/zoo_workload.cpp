#include "core/zoo/zoo_workload.h"

#include "core/zoo/zoo.h"

#include <algorithm>

namespace bdl::core {

ZooWorkload resolveZooWorkload(const std::string& dirArg, const std::string& id, bool allowBuild,
                               Feedback* fb,
                               const std::function<void(const std::string&)>& beforeBuild) {
    const std::string dir = dirArg.empty() ? defaultZooDir() : dirArg;
    const std::string problem = zooProblem(dir, nullptr);
    if (!problem.empty()) {
        if (!allowBuild)
            throw Error(dir, "no usable demo zoo (" + problem + ")");
        if (beforeBuild)
            beforeBuild(problem);
    }
    const ZooStatus st = ensureZoo(ZooConfig(), dir, /*force=*/false, fb, /*anyConfig=*/true);
    const ZooManifest& zoo = st.manifest;
    const ZooModel* zm = zoo.model(id);
    if (!zm) {
        std::string known;
        for (const auto& m : zoo.models)
            known += (known.empty() ? "" : ", ") + m.id;
        throw UnknownZooModel(dir, "the demo zoo has no model '" + id + "' (it has " + known + ")");
    }
    const auto path = [&](const std::string& dataId) {
        const ZooDataFile* d = zoo.dataFile(dataId);
        if (!d)
            throw Error(dir, "the zoo manifest lists no data '" + dataId + "'");
        return zooPath(dir, d->file);
    };
    ZooWorkload w;
    w.dir = dir;
    w.id = id;
    w.title = zm->title;
    w.built = st.built;
    w.model = zooPath(dir, zm->file);
    w.clean = path("clean_test");
    w.train = path("clean_validation");
    w.scale = zoo.inputScale;
    for (const auto& t : zoo.triggers)
        if (zm->triggers.empty() ||
            std::find(zm->triggers.begin(), zm->triggers.end(), t.name) != zm->triggers.end())
            w.poisoned.push_back(path(t.dataId));
    return w;
}

} // namespace bdl::core
