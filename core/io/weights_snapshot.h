#pragma once
/// @file weights_snapshot.h
/// BackdoorLab's own byte format for a model's weights and pruning mask ("BDLW"), used where the
/// app keeps B' next to the model it came from (session files). It holds no architecture: it is
/// read into a copy of the model it was written from, and every count and size in it is checked
/// against that model's layers before anything is allocated.
///
/// Layout, version 1 (every integer little-endian; byte-compatible with the QDataStream files the
/// desktop app wrote before this format moved to core):
///   u32 magic 0x574C4442 ("BDLW" in file order), u32 version = 1, u32 L = weighted layers
///   L times:  name, u32 T = tensors of the layer, then T tensors (Keras layout)
///   name of the mask layer, u32 M (0 or 1), then M tensors (the channel mask, C floats)
/// where name = u32 byte length + bytes, and tensor = u32 D + D x i64 dims + float32 data.
///
/// Thread-safety: pure functions of their arguments. Errors: decoding throws Error naming `origin`
/// and the first problem (wrong magic, other version, layer or shape mismatch, truncation, NaN/Inf,
/// trailing bytes).
#include <cstdint>
#include <string>

namespace bdl::core {

class Model;

/// The format version this build writes and reads.
inline constexpr uint32_t kWeightsSnapshotVersion = 1;

/// The snapshot of `model`: the weights of every weighted layer and the channel mask of
/// `maskLayer` (none when it has no mask).
std::string encodeWeightsSnapshot(const Model& model, const std::string& maskLayer);

/// A copy of `base` with the weights and mask of `bytes`, which must have been written from a
/// model with base's layers and shapes and the same mask layer. Other layers' masks are cleared.
Model decodeWeightsSnapshot(const Model& base, const std::string& maskLayer,
                            const std::string& bytes, const std::string& origin);

} // namespace bdl::core
