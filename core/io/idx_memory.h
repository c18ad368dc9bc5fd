#pragma once
/// @file idx_memory.h
/// IDX images and labels (the MNIST / Fashion-MNIST format) parsed from memory: for callers that
/// already hold the bytes (the import helper, the fuzz targets), with exactly loadIdx()'s reader.
///
/// Thread-safety: no shared state. Errors: as loadIdx() (data_io.h), Error naming the images or
/// the labels and the problem; nothing partial is returned.
#include "core/io/data_io.h"

#include <string>

namespace bdl::core {

/// Parses an IDX images file (magic 2051) and its labels file (magic 2049), each gzip or plain,
/// through the same zlib reader, checks and messages as loadIdx(): the bytes are handed to zlib as
/// an anonymous in-memory file. Nothing is opened on disk: `spec.path` only names the images (in
/// errors, Dataset::source and the item names); the labels are named like the file loadIdx() would
/// look for beside them ("...-labels-idx1-ubyte[.gz]"), or "<path> (labels)" when `spec.path` does
/// not follow the IDX naming. Role, target and channels of `spec` apply as in loadIdx().
/// Output (N, 1, rows, cols) float32, values 0..255.
/// @throws Error naming the images or labels and the problem.
Dataset loadIdxFromMemory(const std::string& imagesBytes, const std::string& labelsBytes,
                          const DataSpec& spec);

} // namespace bdl::core
