// bdl_fuzz_session_seeds OUTDIR: writes the session target's seeds into OUTDIR/session/: the
// bytes sessionToBytes() gives for an empty session and for one holding every kind of result,
// and the latter indented (as a hand-edited file would be).
#include "app/gui/session.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>

#include <cstdio>
#include <limits>

using namespace bdl::app;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

WorkspaceInfo workspace() {
    WorkspaceInfo w;
    w.modelPath = QStringLiteral("/tmp/zoo/multi_bd.h5");
    w.architecture = QStringLiteral("csaw-badnet-same:28x28x1:10");
    w.classes = 10;
    w.pruneChannels = 3;
    w.poisonedNames = {QStringLiteral("stripe")};
    DataSetInfo set;
    set.name = QStringLiteral("stripe");
    set.role = DataSetInfo::Poisoned;
    set.size = 90;
    set.targets = {5};
    w.sets.push_back(set);
    return w;
}

StripData strip() {
    StripData st;
    st.request.n = 7;
    st.request.blend = StripBlend::Additive;
    st.overlayIndices = {4, 8, 1};
    for (int i = 0; i < 3; ++i) {
        StripSet set;
        set.name = QStringLiteral("set %1").arg(i);
        set.role = i == 0   ? StripSet::Calibration
                   : i == 1 ? StripSet::CleanTest
                            : StripSet::Poisoned;
        set.indices = {3, 1};
        set.entropy = {0.125, 1.0 / 3.0};
        set.predicted = {1, 2};
        set.reference = {1, -1};
        set.trueLabel = {5, -1};
        set.complete = true;
        st.sets.push_back(set);
    }
    st.classes = 10;
    return st;
}

SessionState fullState() {
    SessionState s;
    s.request = WorkspaceRequest::zoo(QStringLiteral("multi"), QStringLiteral("/tmp/zoo"));
    s.request.poisoned.push_back({QStringLiteral("/data/p.h5"), 3});
    s.modelSha256 = QByteArray(32, '\x5a');
    s.results.workspace = workspace();
    CurveData c;
    c.layer = QStringLiteral("pool_3");
    c.order = {2, 0, 1};
    c.channelMeans = {0.5, 0.25, 0.0};
    c.poisonedNames = {QStringLiteral("stripe")};
    for (int k = 0; k <= 3; ++k)
        c.points.push_back(CurvePoint{k, k == 0 ? -1 : c.order[k - 1], 90.0 - k, {kNaN}});
    s.results.curve = c;
    SweepData sw;
    sw.lrs = {1e-3};
    sw.ks = {1};
    sw.poisonedNames = c.poisonedNames;
    sw.cells.push_back(SweepCell{0, 0, 1e-3, 1, 88.125, {1.5}});
    s.results.sweep = sw;
    RepairResult r;
    r.method = QStringLiteral("fine-tune");
    r.asrBefore = {99.0};
    r.asrAfter = {1.0};
    s.results.repaired = r;
    s.results.repairedWeights = QByteArray("\x00\x01\xfe\xff", 4);
    s.results.strip = strip();
    GoodnetData g;
    g.attack = QStringLiteral("multi");
    g.poisonedNames = c.poisonedNames;
    g.g.asr = {0.5};
    g.g.rejectRate = {99.0};
    g.pruneOnlyAsr = {97.0};
    g.pruningAware = {true};
    s.results.goodnets = g;
    s.comparison.push_back(ComparisonRow{});
    s.view.insert(QStringLiteral("tab"), 3);
    return s;
}

bool write(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: bdl_fuzz_session_seeds OUTDIR\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[1]) + QStringLiteral("/session"));
    const QByteArray full = sessionToBytes(fullState());
    const bool ok =
        QDir().mkpath(out.path()) &&
        write(out.filePath(QStringLiteral("empty.bdlsession")), sessionToBytes(SessionState())) &&
        write(out.filePath(QStringLiteral("full.bdlsession")), full) &&
        write(out.filePath(QStringLiteral("indented.bdlsession")),
              QJsonDocument::fromJson(full).toJson(QJsonDocument::Indented));
    if (!ok)
        std::fprintf(stderr, "bdl_fuzz_session_seeds: cannot write %s\n", qPrintable(out.path()));
    return ok ? 0 : 1;
}
