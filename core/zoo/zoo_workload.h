#pragma once
/// @file zoo_workload.h
/// What "analyse model ID of the demo zoo" means, once for both faces: the zoo is checked (and
/// built when it is missing or damaged and building is allowed), and the model's file, its data
/// files in their roles and the zoo's input scale are looked up in the manifest.
///
/// Roles: clean test = clean_test, train (ranking, fine-tuning, STRIP overlays and calibration)
/// = clean_validation (held out of the zoo's training), poisoned = the test files of the model's
/// own triggers (for the clean reference model, every trigger's, as a baseline).
///
/// Thread-safety: the zoo's own lock keeps two processes from building at once. Errors:
/// UnknownZooModel for an id the zoo does not have, Error for a zoo that cannot be used or built;
/// Cancelled while building.
#include "core/base/errors.h"

#include <functional>
#include <string>
#include <vector>

namespace bdl::core {

class Feedback;

/// An id the demo zoo does not have (a usage mistake, not broken data: the CLI exits 2).
class UnknownZooModel : public Error {
public:
    using Error::Error;
};

/// The files and settings of one zoo model's analysis.
struct ZooWorkload {
    std::string dir;                   ///< the zoo folder
    std::string id;                    ///< model id ("patch", ...)
    std::string title;                 ///< "1: patch trigger -> 0", for menus
    bool built = false;                ///< the zoo was (re)built by this call
    std::string model;                 ///< the model file
    std::string clean;                 ///< clean test data
    std::string train;                 ///< clean train data (clean_validation)
    std::string scale;                 ///< input scale name ("1/255")
    std::vector<std::string> poisoned; ///< poisoned test files, in manifest order
};

/// Resolves zoo model `id` in `dir` (empty = defaultZooDir()). When the zoo needs building and
/// `allowBuild` is false, Error naming the folder and the problem; otherwise `beforeBuild` (if
/// set) is told the problem first, then the zoo is built with progress on `fb`.
ZooWorkload
resolveZooWorkload(const std::string& dir, const std::string& id, bool allowBuild, Feedback* fb,
                   const std::function<void(const std::string& problem)>& beforeBuild = {});

} // namespace bdl::core
