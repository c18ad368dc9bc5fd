#pragma once
// The hostile-file corpus: files a user might be tricked into opening, written by the test into
// a fresh folder from a seed (same seed, same bytes). Every entry is something the CLI must
// refuse with one clean error: truncated and bit-flipped models, absurd shapes, wrong types,
// NaN weights, malicious model_config JSON, HDF5 features that reach outside the file
// (external links and storage, virtual datasets), compression bombs, broken data sets, images
// and IDX files, symlink tricks.
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace bdl::hostile {

/// Which CLI option a corpus entry is handed to.
enum class OpenAs {
    Model,        ///< info --model FILE
    CleanData,    ///< info --model GOOD --clean FILE
    PoisonedData, ///< info --model GOOD --clean GOOD_DATA --poisoned FILE
};

/// One generated file (or folder) and what is wrong with it.
struct HostileFile {
    std::string category;
    std::string path; ///< absolute; unique file name within the corpus
    OpenAs openAs = OpenAs::Model;
    std::string what; ///< the defect, for failure messages
};

/// A weight dataset of the good weights-only model.
struct GoodWeight {
    std::string layer;
    std::string dataset; ///< "/conv_1/conv_1/kernel:0"
    std::vector<int64_t> shape;
};

/// Valid files the corpus is derived from and the CLI runs beside it. The data fit the model
/// (28x28 grey, 10 classes), so a data entry fails for its own defect, not for a shape mismatch.
struct GoodFiles {
    std::string dir;
    std::string model;      ///< weights-only csaw-badnet-same:28x28x1:10 (core::saveKerasWeights)
    std::string wholeModel; ///< a tiny whole-model file (model_config, variable-length strings)
    std::string csaw;       ///< CSAW .h5 data, 20 images
    std::string folder;     ///< image folder of 4 PNGs
    std::string idx;        ///< good-images-idx3-ubyte.gz with its labels beside it
    std::vector<GoodWeight> weights;
};

/// Writes the good files into `dir` (created). Deterministic.
GoodFiles writeGoodFiles(const std::string& dir);

/// Where one category writes, and what it has written so far.
class Corpus {
public:
    Corpus(std::string category, std::string dir, const GoodFiles& good, uint64_t seed);

    const GoodFiles& good() const { return m_good; }
    const std::string& dir() const { return m_dir; }
    /// dir() + "/" + name
    std::string file(const std::string& name) const;
    /// Records an entry written at file(name).
    void add(const std::string& name, OpenAs as, const std::string& what);
    /// This category's seeded generator.
    std::mt19937_64& rng() { return m_rng; }
    const std::vector<HostileFile>& files() const { return m_files; }

private:
    std::string m_category;
    std::string m_dir;
    const GoodFiles& m_good;
    std::mt19937_64 m_rng;
    std::vector<HostileFile> m_files;
};

/// The category names, in the order they are reported.
std::vector<std::string> categoryNames();

/// Writes one category's files into `dir` (created, should be empty) from `seed`.
/// @throws std::runtime_error for an unknown category or a generator failure.
std::vector<HostileFile> writeCategory(const std::string& category, const std::string& dir,
                                       const GoodFiles& good, uint64_t seed);

// ---- byte helpers shared by the generators ----------------------------------------------------

std::string readBytes(const std::string& path);
/// Writes (truncating); throws std::runtime_error on failure.
void writeBytes(const std::string& path, const std::string& bytes);
/// Big-endian u32 (IDX headers, PNG chunks).
std::string bigEndian32(uint32_t v);
/// gzip (RFC 1952) of `bytes`.
std::string gzip(const std::string& bytes);
/// Copies the good weights-only model to c.file(name) and returns that path.
std::string copyGoodModel(Corpus& c, const std::string& name);

// ---- the category generators (hostile_models.cpp, hostile_config.cpp, hostile_data.cpp,
//      hostile_images.cpp) ----------------------------------------------------------------------

void writeTruncated(Corpus& c);
void writeByteFlips(Corpus& c);
void writeAbsurdShapes(Corpus& c);
void writeWrongDtypes(Corpus& c);
void writeNonFinite(Corpus& c);
void writeHdf5Features(Corpus& c);
void writeBombs(Corpus& c);
void writeModelConfig(Corpus& c);
void writeLayerGraph(Corpus& c);
void writeCsawData(Corpus& c);
void writeImages(Corpus& c);
void writeFolders(Corpus& c);
void writeIdx(Corpus& c);

/// The model_config of the good whole-model file (input 4x4x1, conv "c", flatten "x", dense
/// "out" with 3 classes), as JSON text, for the generators to mutate.
std::string tinyModelConfig();
/// Writes a whole-model file with `config` as model_config and the tiny model's weights.
/// `bias` fills conv "c"'s bias (NaN/Inf for the non-finite entries).
void writeWholeModel(const std::string& path, const std::string& config, float bias = 0.25f);

} // namespace bdl::hostile
