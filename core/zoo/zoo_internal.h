#pragma once
// Internal to the zoo sources (zoo.cpp, zoo_store.cpp, zoo_manifest.cpp): not part of the API.
#include "core/zoo/zoo.h"

#include <cstdint>
#include <string>

namespace bdl::core {

class ProgressScope;

/// Trains the models and writes every file except manifest.json into `staging` (which exists).
ZooManifest buildZooInto(const ZooConfig& config, const std::string& staging,
                         const ProgressScope& scope);

/// Size and zlib CRC-32 of a file. @throws Error naming the file when it cannot be read.
void fileChecksum(const std::string& path, uint64_t* bytes, uint32_t* crc);

} // namespace bdl::core
