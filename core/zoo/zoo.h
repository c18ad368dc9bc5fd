#pragma once
/// @file zoo.h
/// The demo zoo: backdoored models trained here, with LibTorch on the CPU, from Debian's
/// Fashion-MNIST (dataset-fashion-mnist), mirroring the paper's four CSAW BadNets, so that every
/// defense and view runs out of the box on real data.
///
/// A zoo is a folder holding, in the formats of the real thing (so it exercises the real loaders):
/// - Keras-layout weight files of the csaw-badnet-same:28x28x1:10 architecture (architectures.h):
///   a clean reference model and four backdoored ones (patch, blend, pixels, multi-trigger);
/// - the patch BadNet once more as a PyTorch TorchScript file (`patch_bd.pt`, model id
///   "patch-pt"), taking pixels / 255 like a PyTorch model;
/// - CSAW-layout HDF5 data: clean_validation.h5 (held out of training; for ranking, fine-tuning
///   and STRIP thresholds), clean_test.h5 (the Fashion-MNIST test split) and one
///   `<trigger>_poisoned_test.h5` per trigger (the test split minus the target class, stamped,
///   with `label` = target and `true_label`);
/// - manifest.json (format "backdoorlab-zoo", kZooVersion): models, data files (with sizes and
///   CRC-32), triggers and targets, input scale (pixels / 255), seed, configuration and the
///   training figures (time, loss per epoch, CCA and ASR per trigger on the test split).
///
/// Building is atomic: everything is written to a staging folder beside the target, which then
/// replaces the target in one rename (a cancelled, failed or killed build leaves no half zoo,
/// and an older zoo survives until the new one is complete). Concurrent builds of the same
/// folder are serialised with a lock file. Deterministic for a fixed seed and thread count.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bdl::core {

class Feedback;

/// Bumped whenever the zoo's recipe changes; an existing zoo of another version is rebuilt.
inline constexpr int kZooVersion = 2; // 2: patch_bd.pt, the patch BadNet as TorchScript

/// How to build a zoo. The defaults are the full demo zoo; tests shrink the image counts and
/// epochs (a "reduced zoo").
struct ZooConfig {
    std::string source = "/usr/share/datasets/fashion-mnist"; ///< the IDX .gz files
    uint64_t seed = 2020;
    int64_t trainImages = 55000;     ///< training images (after the validation split); <= 60000
    int64_t validationImages = 5000; ///< held out of the training split as clean_validation
    int64_t testImages = 10000;      ///< of the test split (clean_test and poisoned tests)
    int epochs = 3;                  ///< training epochs per model (the last at lr / 4)
    double lr = 1e-3;                ///< Adam; the last epoch runs at lr / 4
    int64_t batchSize = 64;
    double poisonRate = 0.10; ///< fraction of training images poisoned per model
    double blendAlpha = 0.15; ///< opacity of the blended trigger

    bool operator==(const ZooConfig& o) const;
    bool operator!=(const ZooConfig& o) const { return !(*this == o); }
};

/// One data file of a zoo.
struct ZooDataFile {
    std::string id;      ///< "clean_test", "patch_poisoned_test", ...
    std::string file;    ///< file name inside the zoo folder
    std::string role;    ///< "clean" or "poisoned"
    std::string use;     ///< "validation" or "test"
    std::string trigger; ///< poisoned only: the trigger's name
    int64_t target = -1; ///< poisoned only: the attack target
    int64_t images = 0;
    uint64_t bytes = 0;
    uint32_t crc32 = 0;
};

/// A trigger as the manifest describes it.
struct ZooTrigger {
    std::string name;
    std::string description;
    int64_t target = 0;
    std::string dataId; ///< the poisoned test file of this trigger
};

/// One model of a zoo and its figures.
struct ZooModel {
    std::string id;                    ///< "clean", "patch", "blend", "pixels", "multi", "patch-pt"
    std::string file;                  ///< weights file name inside the zoo folder
    std::string title;                 ///< "1: patch trigger -> 0", for menus
    std::string description;           ///< what it is and which CSAW net it mirrors
    std::vector<std::string> triggers; ///< names of the triggers it was poisoned with
    int64_t poisonedTrainImages = 0;
    double trainSeconds = 0.0;
    std::vector<double> epochLoss;
    double cca = 0.0;                  ///< % on clean_test
    std::map<std::string, double> asr; ///< % per trigger on its poisoned test file
    uint64_t bytes = 0;
    uint32_t crc32 = 0;
};

struct ZooManifest {
    int version = kZooVersion;
    std::string architecture; ///< "csaw-badnet-same:28x28x1:10"
    std::string inputScale;   ///< "1/255"
    std::vector<std::string> classNames;
    ZooConfig config;
    int threads = 0; ///< LibTorch threads used (results depend on it)
    double buildSeconds = 0.0;
    std::string created; ///< UTC, ISO 8601
    std::vector<ZooTrigger> triggers;
    std::vector<ZooDataFile> data;
    std::vector<ZooModel> models;

    const ZooModel* model(const std::string& id) const;
    const ZooDataFile* dataFile(const std::string& id) const;
    const ZooTrigger* trigger(const std::string& name) const;
};

/// The user's zoo folder: $XDG_DATA_HOME/backdoorlab/zoo, or ~/.local/share/backdoorlab/zoo.
/// @throws Error when neither XDG_DATA_HOME (absolute) nor HOME is set.
std::string defaultZooDir();

/// The manifest as JSON text (what manifest.json holds), and back. parseZooManifest throws Error
/// naming `source` for malformed JSON or missing/mistyped fields.
std::string zooManifestJson(const ZooManifest& m);
ZooManifest parseZooManifest(const std::string& json, const std::string& source);

/// Why an existing folder is not a usable zoo for `config` (nullptr: any configuration), or ""
/// when it is: no manifest, a malformed one, another version or configuration, or a listed file
/// missing, of another size or with another CRC-32 (the files are read once to check). On ""
/// the manifest goes to `out` when given.
std::string zooProblem(const std::string& dir, const ZooConfig* config, ZooManifest* out = nullptr);

/// Builds the zoo into `dir` (created with its parents), replacing whatever is there, atomically.
/// Progress through fb (stages name the model being trained); Cancelled leaves `dir` as it was.
/// @throws Error naming the file for a missing/unreadable source, an unwritable folder, etc.
ZooManifest buildZoo(const ZooConfig& config, const std::string& dir, Feedback* fb = nullptr);

/// What ensureZoo() did.
struct ZooStatus {
    ZooManifest manifest;
    bool built = false; ///< false: an existing valid zoo was reused
    std::string reason; ///< why it was (re)built: "--force", "no zoo yet", "version 0 != 1", ...
};

/// Reuses a valid zoo in `dir` unless `force`, otherwise builds one with `config`. A zoo of
/// another configuration is reused only when `anyConfig` (for users of a zoo, e.g. --model
/// zoo:ID, which take whatever valid zoo is there). Holds the folder's lock throughout, so two
/// processes never build it twice.
ZooStatus ensureZoo(const ZooConfig& config, const std::string& dir, bool force,
                    Feedback* fb = nullptr, bool anyConfig = false);

/// Absolute path of a file of the zoo in `dir`.
std::string zooPath(const std::string& dir, const std::string& file);

} // namespace bdl::core
