#include "app/desktop/dropped_files.h"

#include "app/desktop/command_line.h"
#include "app/desktop/result_file.h"

#include <QtCore/QFileInfo>

namespace bdl::app {

namespace {

bool nameHasAny(const QString& name, const QStringList& words) {
    for (const QString& w : words)
        if (name.contains(w, Qt::CaseInsensitive))
            return true;
    return false;
}

bool isPoisonedName(const QString& name) {
    return nameHasAny(name, {QStringLiteral("poison"), QStringLiteral("trigger")});
}

} // namespace

DroppedKind classifyDroppedFile(const QString& path) {
    const QFileInfo info(path);
    const QString suffix = info.suffix().toLower();
    if (isSessionPath(path))
        return DroppedKind::Session;
    if (isResultPath(path))
        return DroppedKind::Result;
    if (suffix == QLatin1String("png") || suffix == QLatin1String("jpg") ||
        suffix == QLatin1String("jpeg") || suffix == QLatin1String("bmp"))
        return DroppedKind::Image;
    if (suffix == QLatin1String("keras") || suffix == QLatin1String("pt") ||
        suffix == QLatin1String("pth") || suffix == QLatin1String("ts"))
        return DroppedKind::Model; // TorchScript: what torch.jit.save writes
    if (suffix == QLatin1String("h5") || suffix == QLatin1String("hdf5")) {
        const QString name = info.completeBaseName();
        if (isPoisonedName(name) ||
            nameHasAny(name, {QStringLiteral("data"), QStringLiteral("test"),
                              QStringLiteral("train"), QStringLiteral("clean")}))
            return DroppedKind::Data;
        return DroppedKind::Model;
    }
    return DroppedKind::Unknown;
}

WorkspaceRequest requestWithDroppedFiles(const WorkspaceRequest& base, const QStringList& paths) {
    WorkspaceRequest r = base;
    for (const QString& path : paths) {
        const DroppedKind kind = classifyDroppedFile(path);
        const QString name = QFileInfo(path).completeBaseName();
        if (kind == DroppedKind::Model) {
            r.zooModel.clear();
            r.modelPath = path;
        } else if (kind == DroppedKind::Data) {
            if (isPoisonedName(name)) {
                bool known = false;
                for (const PoisonedSource& s : r.poisoned)
                    known = known || s.path == path;
                if (!known)
                    r.poisoned.push_back(PoisonedSource{path, -1});
            } else if (name.contains(QStringLiteral("train"), Qt::CaseInsensitive)) {
                r.trainPath = path;
            } else {
                r.cleanTestPath = path;
            }
        }
    }
    return r;
}

} // namespace bdl::app
