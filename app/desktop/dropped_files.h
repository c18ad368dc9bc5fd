#pragma once
/// @file dropped_files.h
/// What a file dropped on the main window is, decided from its name alone (the drop handler
/// must not block on reading a large HDF5 file): a session, a result file of the CLI, a Keras
/// model, a data set, an image for the inspector, or unknown. Pure functions, tested without a window.
///
/// Thread: any.
#include "app/gui/job_types.h"

#include <QtCore/QString>
#include <QtCore/QStringList>

namespace bdl::app {

enum class DroppedKind {
    Session, ///< *.bdlsession: reopened
    Result,  ///< *.json: a result of backdoorlab-cli sweep/strip/audit/merge, in its own window
    Model,   ///< *.h5 / *.hdf5 / *.keras not named like data: the Open dialog, as the model
    Data,    ///< *.h5 / *.hdf5 whose name contains "data", "test", "train", "clean", "poison"
             ///< or "trigger" (CSAW: clean_test_data.h5, sunglasses_poisoned_data.h5; a model
             ///< is sunglasses_bd_net.h5): the Open dialog, in a data role
    Image,   ///< PNG, JPEG, BMP: the Inspector tab
    Unknown, ///< anything else: a banner message naming it
};

DroppedKind classifyDroppedFile(const QString& path);

/// `base` with the dropped models and data files put in their roles: a model replaces the
/// model (file mode, no zoo); a data file whose name says poisoned ("poison", "trigger") is
/// added as a poisoned set, one saying "train" becomes the train set,
/// any other the clean test set. Sessions, results, images and unknown files are ignored.
WorkspaceRequest requestWithDroppedFiles(const WorkspaceRequest& base, const QStringList& paths);

} // namespace bdl::app
