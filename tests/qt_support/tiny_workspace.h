#pragma once
// The tiny workspace the gui and desktop tests open: a csaw-badnet:32x32x1:4 model (random
// weights, seed 7) and CSAW h5 files written through the core into a temporary folder: clean
// test (96 images), clean train (80), and two poisoned sets: "patch" (64, target 0 from the file)
// and "other" (48, target 2 given in the request).
#include "app/gui/job_types.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QTemporaryDir>

namespace bdl::app::test {

struct TinyWorkspace {
    TinyWorkspace();
    QTemporaryDir dir;
    QString model, clean, train, poisonedA, poisonedB;

    /// The request that opens it, at scale 1/255.
    WorkspaceRequest request() const;
    QString file(const QString& name) const { return dir.filePath(name); }
};

/// Whole file contents (empty when unreadable).
QByteArray readAll(const QString& path);

} // namespace bdl::app::test
