#pragma once
/// @file data_io.h
/// Reading and writing labelled image sets: CSAW HDF5 files, image folders, single images and
/// Fashion-MNIST IDX files, all returned as a bdl::core::Dataset.
///
/// Error behaviour: every function that reads or writes user files throws bdl::core::Error whose
/// message names the file (or data set) and the problem, and never returns a partial result. Long
/// loads take a Feedback (nullable) and throw bdl::core::Cancelled when it is cancelled. Input
/// files are opened read-only and never modified.
///
/// Thread-safety: the functions share no state; several loads may run on different threads (the
/// Debian HDF5 library is built thread-safe and serialises its own calls).
#include "core/nn/dataset.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>

namespace bdl::core {

class Feedback;

/// What to load and how to interpret it (the CLI form is PATH[:TARGET], see parseDataArg).
struct DataSpec {
    /// Clean sets carry true labels; poisoned sets also carry the attack target of each image.
    enum Role { Clean, Poisoned };

    std::string path;  ///< an .h5/.hdf5 file, an image folder, one image, or *-idx3-ubyte[.gz]
    Role role = Clean; ///< how labels are interpreted (see loadDataset)
    /// Poisoned only: the attack target of every image; overrides targets found in file names,
    /// CSV columns or an h5 `label` dataset. Giving one for a clean set is an error.
    std::optional<int64_t> target;
    /// Image folders only: a CSV `file,label[,target]` with a header line (columns in any order,
    /// plain commas, no quoting; file names relative to the folder; an empty cell means
    /// unknown). Every image must be listed. Empty: use `<folder>/labels.csv` when it exists,
    /// else labels from file names.
    std::string labelsCsv;
    /// 0 keeps the stored channel count; 1 converts to grey (BT.601 luma), 3 to RGB. Image files
    /// are always decoded as RGB when 0.
    int channels = 0;
    /// The input (height, width, channels) of the model the set is for, as Model::inputShape();
    /// {0, 0, 0}: not known. When given, images of another height or width are an Error naming
    /// the file and both shapes as stored (e.g. 28x28x1 data for a 55x47x3 model), raised before
    /// the channels are converted (checkImageShape(), metrics.h).
    std::array<int, 3> modelInput{0, 0, 0};
    /// CSAW .h5 files whose `data` is stored as unsigned 8-bit integers keep their images as
    /// uint8 (exact, 4x smaller, no float copy) instead of float32. Only for the import helper,
    /// which sends the pixels on as read; everything else wants Dataset's float32.
    bool keepUInt8 = false;
};

/// Loads any supported set, chosen by what `spec.path` is:
/// - a folder: image folder (PNG/JPEG files, sorted by name; see loadImageFolder);
/// - `.h5`/`.hdf5` or a file with the HDF5 signature: CSAW layout (see loadCsawH5);
/// - `*-idx3-ubyte.gz` or `*-idx3-ubyte`: IDX images with the `-labels-idx1-` file beside it;
/// - a `.png`/`.jpg`/`.jpeg` file: a one-image set.
/// Role rules: a clean set keeps its labels and has no targets. A poisoned set gets targets from
/// spec.target, else from the data (h5 `label`, file names, CSV); an image without a known target
/// is an error. Unknown labels are -1.
/// Checks: not empty, all pixels finite, labels integral and >= 0 (or -1 where unknown).
/// @throws Error naming the path and the problem; Cancelled when fb is cancelled.
Dataset loadDataset(const DataSpec& spec, Feedback* fb = nullptr);

/// Parses the command-line form `PATH[:TARGET]`. A trailing `:<digits>` is the target unless the
/// whole argument names an existing file or folder (paths may contain ':').
/// @throws Error when the argument is empty or the target does not fit in 64 bits.
DataSpec parseDataArg(const std::string& arg, DataSpec::Role role);

/// Checks that every known label (and every target) is a class of a model with numClasses
/// outputs. Call once the model is known.
/// @throws Error naming the data set, the item, the offending value and the class count.
void validateLabels(const Dataset& d, int64_t numClasses);

/// Writes a set in the CSAW layout, atomically (a temporary file in the same folder, then
/// rename; the temporary is removed on failure): `data` (N, C, H, W) as uint8 when every pixel is
/// an integer in 0..255, else float32; `label` (N,) int64 holding the labels of a clean set or the
/// targets of a poisoned one (the CSAW convention), plus `true_label` (N,) for a poisoned set
/// whose labels are known (-1 where unknown). Reading the file back gives identical values.
/// @throws Error naming the path (unwritable folder, empty set, clean set with unknown labels).
void saveCsawH5(const Dataset& d, const std::string& path);

// ---- the per-format loaders behind loadDataset (same contract, same role rules) -------------

/// CSAW HDF5: `data` (N, C, H, W) with C in {1, 3} and `label` (N,) or (N, 1), any numeric type.
/// Sizes, rank and type class are validated before anything is allocated.
Dataset loadCsawH5(const DataSpec& spec, Feedback* fb = nullptr);
/// loadCsawH5() on the bytes of an HDF5 file held in memory; spec.path names the set in
/// messages and in Dataset::source, and no file is opened. Same checks and errors; the entry
/// point for fuzzing the CSAW reader.
Dataset loadCsawH5FromImage(const std::string& bytes, const DataSpec& spec);
/// All PNG/JPEG files of a folder (other files ignored), which must share one size. Labels from a
/// CSV or from names `<prefix>_<label>_<index>.ext` (clean) /
/// `<prefix>_<target>_<label>_<index>.ext` (poisoned), e.g. `test_0_1021_48.png`; other names give
/// label -1.
Dataset loadImageFolder(const DataSpec& spec, Feedback* fb = nullptr);
/// One image file; label (and target) from its name when it follows the folder pattern.
Dataset loadImageFile(const DataSpec& spec);
/// IDX images (magic 2051) plus the labels file (magic 2049) named like it with `labels-idx1`;
/// gzip or plain. Output (N, 1, rows, cols), values 0..255.
Dataset loadIdx(const DataSpec& spec, Feedback* fb = nullptr);

/// Applies spec's role, target and channel count to a freshly read set whose `labels` and
/// `targets` are both defined with -1 where unknown, then runs the checks listed at loadDataset.
/// Used by the per-format loaders; messages name d.source.
void finishDataset(Dataset& d, const DataSpec& spec);

/// True when the file starts with the HDF5 signature (at offset 0, 512, 1024, ...).
bool isHdf5File(const std::string& path);
/// True for file names ending in .png, .jpg or .jpeg (any case): the images a folder load takes.
bool isImageFileName(const std::string& name);

} // namespace bdl::core
