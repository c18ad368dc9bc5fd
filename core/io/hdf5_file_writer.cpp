#include "core/io/hdf5_file.h"

#include "core/base/atomic_file.h"
#include "core/base/errors.h"
#include "core/io/hdf5_file_internal.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace bdl::core {

using namespace hdf5_detail;

namespace {
/// The in-memory file grows by this much at a time.
constexpr size_t kWriteIncrement = size_t(4) << 20;
} // namespace

Hdf5Writer::Hdf5Writer(const std::string& path) : m_path(path) {
    silenceHdf5();
    // The file is built in memory (the core driver, no backing store) and written by commit()
    // with writeFileAtomically: HDF5 never touches the disk, so a full disk or a kill leaves no
    // half-written file, and HDF5 1.10.8 never sees a failed write (after one it crashes at exit).
    // Fail before the work of building the file when its folder is not there.
    std::error_code ec;
    const std::filesystem::path folder = std::filesystem::path(path).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
        throw Error(path,
                    "cannot create the file: its folder '" + folder.string() + "' does not exist");
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    if (!fapl.valid() || H5Pset_fapl_core(fapl.get(), kWriteIncrement, false) < 0 ||
        H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG) < 0)
        throw Error(path, "cannot set up the HDF5 writer" + hdf5Detail());
    m_file = H5Fcreate(uniqueImageName().c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.get());
    if (m_file < 0)
        throw Error(path, "cannot create the HDF5 file in memory" + hdf5Detail());
}

Hdf5Writer::~Hdf5Writer() { discard(); }

void Hdf5Writer::discard() noexcept {
    if (m_file >= 0) {
        H5Fclose(m_file);
        H5Eclear2(H5E_DEFAULT);
        m_file = -1;
    }
}

void Hdf5Writer::createGroup(const std::string& groupPath) {
    silenceHdf5();
    if (m_file < 0)
        throw Error(m_path, "writer already closed");
    std::string prefix;
    for (const auto& part : splitPath(groupPath)) {
        prefix += "/" + part;
        if (pathExists(m_file, prefix))
            continue;
        Handle gcpl(H5Pcreate(H5P_GROUP_CREATE), H5Pclose);
        H5Pset_obj_track_times(gcpl.get(), false);
        Handle g(H5Gcreate2(m_file, prefix.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                 H5Gclose);
        if (!g.valid())
            throw Error(m_path, "cannot create group" + at(prefix) + hdf5Detail());
    }
}

void Hdf5Writer::ensureParents(const std::string& objectPath) {
    auto parts = splitPath(objectPath);
    if (parts.size() <= 1)
        return;
    std::string parent;
    for (size_t i = 0; i + 1 < parts.size(); ++i)
        parent += "/" + parts[i];
    createGroup(parent);
}

void Hdf5Writer::writeDataset(const std::string& datasetPath, const torch::Tensor& data,
                              const Hdf5DatasetOptions& options) {
    silenceHdf5();
    if (m_file < 0)
        throw Error(m_path, "writer already closed");
    torch::Tensor t = data.detach().to(torch::kCPU);
    if (t.scalar_type() == torch::kBool)
        t = t.to(torch::kUInt8);
    t = t.contiguous();
    hid_t memType = memTypeFor(t.scalar_type());
    hid_t fileType = fileTypeFor(t.scalar_type());
    if (memType < 0 || fileType < 0)
        throw Error(m_path, std::string("cannot write dtype ") + c10::toString(t.scalar_type()) +
                                at(datasetPath));
    ensureParents(datasetPath);
    std::vector<hsize_t> dims(t.sizes().begin(), t.sizes().end());
    Handle space(dims.empty() ? H5Screate(H5S_SCALAR)
                              : H5Screate_simple(int(dims.size()), dims.data(), nullptr),
                 H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    // No modification times: the same content gives the same bytes (reproducible files).
    H5Pset_obj_track_times(dcpl.get(), false);
    if (options.gzipLevel > 0 && !dims.empty() && t.numel() > 0) {
        std::vector<hsize_t> chunk = dims;
        int64_t rowBytes = t.numel() / t.size(0) * t.element_size();
        int64_t rows =
            options.chunkRows > 0 ? options.chunkRows : std::max<int64_t>(1, (1 << 20) / rowBytes);
        chunk[0] = hsize_t(std::min<int64_t>(rows, t.size(0)));
        H5Pset_chunk(dcpl.get(), int(chunk.size()), chunk.data());
        H5Pset_deflate(dcpl.get(), unsigned(std::min(options.gzipLevel, 9)));
    }
    Handle ds(H5Dcreate2(m_file, datasetPath.c_str(), fileType, space.get(), H5P_DEFAULT,
                         dcpl.get(), H5P_DEFAULT),
              H5Dclose);
    if (!space.valid() || !ds.valid())
        throw Error(m_path, "cannot create dataset" + at(datasetPath) + hdf5Detail());
    if (t.numel() > 0 &&
        H5Dwrite(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, t.data_ptr()) < 0)
        throw Error(m_path, "cannot write dataset" + at(datasetPath) + hdf5Detail());
}

namespace {

/// Opens objectPath and removes an existing attribute of that name (attributes are immutable).
hid_t openForAttribute(hid_t file, const std::string& filePath, const std::string& objectPath,
                       const std::string& name) {
    if (!pathExists(file, objectPath))
        throw Error(filePath, "missing object" + at(objectPath));
    hid_t obj = H5Oopen(file, objectPath.c_str(), H5P_DEFAULT);
    if (obj < 0)
        throw Error(filePath, "cannot open object" + at(objectPath) + hdf5Detail());
    if (H5Aexists(obj, name.c_str()) > 0)
        H5Adelete(obj, name.c_str());
    H5Eclear2(H5E_DEFAULT);
    return obj;
}

/// Creates attribute `name` on obj with the given type and space and writes buf into it.
void createAttribute(const std::string& filePath, hid_t obj, const std::string& objectPath,
                     const std::string& name, hid_t type, hid_t space, const void* buf) {
    Handle attr(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.valid() || H5Awrite(attr.get(), type, buf) < 0)
        throw Error(filePath,
                    "cannot write attribute '" + name + "'" + at(objectPath) + hdf5Detail());
}

} // namespace

void Hdf5Writer::writeStringAttribute(const std::string& objectPath, const std::string& name,
                                      const std::string& value, Hdf5StringStorage storage) {
    silenceHdf5();
    if (m_file < 0)
        throw Error(m_path, "writer already closed");
    Handle obj(openForAttribute(m_file, m_path, objectPath, name), H5Oclose);
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    std::vector<char> fixed(value.begin(), value.end());
    const char* ptr = value.c_str();
    const void* buf = &ptr;
    if (storage == Hdf5StringStorage::Variable) {
        H5Tset_size(type.get(), H5T_VARIABLE);
        H5Tset_cset(type.get(), H5T_CSET_UTF8);
    } else {
        if (fixed.empty())
            fixed.push_back('\0');
        H5Tset_size(type.get(), fixed.size());
        H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
        buf = fixed.data();
    }
    createAttribute(m_path, obj.get(), objectPath, name, type.get(), space.get(), buf);
}

void Hdf5Writer::writeStringArrayAttribute(const std::string& objectPath, const std::string& name,
                                           const std::vector<std::string>& values,
                                           Hdf5StringStorage storage) {
    silenceHdf5();
    if (m_file < 0)
        throw Error(m_path, "writer already closed");
    Handle obj(openForAttribute(m_file, m_path, objectPath, name), H5Oclose);
    hsize_t n = values.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    hid_t typeId = -1;
    std::vector<char> fixed;
    std::vector<const char*> ptrs;
    const void* buf = nullptr;
    double dummy = 0.0;
    if (values.empty()) {
        typeId = H5Tcopy(H5T_IEEE_F64LE); // Keras's marker for "no weights"
        buf = &dummy;
    } else if (storage == Hdf5StringStorage::Variable) {
        typeId = H5Tcopy(H5T_C_S1);
        H5Tset_size(typeId, H5T_VARIABLE);
        H5Tset_cset(typeId, H5T_CSET_UTF8);
        for (const auto& v : values)
            ptrs.push_back(v.c_str());
        buf = ptrs.data();
    } else {
        size_t width = 1;
        for (const auto& v : values)
            width = std::max(width, v.size());
        fixed.assign(width * values.size(), '\0');
        for (size_t i = 0; i < values.size(); ++i)
            std::memcpy(fixed.data() + i * width, values[i].data(), values[i].size());
        typeId = H5Tcopy(H5T_C_S1);
        H5Tset_size(typeId, width);
        H5Tset_strpad(typeId, H5T_STR_NULLPAD);
        buf = fixed.data();
    }
    Handle type(typeId, H5Tclose);
    createAttribute(m_path, obj.get(), objectPath, name, type.get(), space.get(), buf);
}

std::string Hdf5Writer::takeBytes() {
    silenceHdf5();
    if (m_file < 0)
        throw Error(m_path, "writer already closed");
    std::string bytes;
    bool ok = H5Fflush(m_file, H5F_SCOPE_GLOBAL) >= 0;
    const ssize_t size = ok ? H5Fget_file_image(m_file, nullptr, 0) : -1;
    if (size > 0) {
        bytes.resize(size_t(size));
        ok = H5Fget_file_image(m_file, bytes.data(), bytes.size()) == size;
    } else {
        ok = false;
    }
    std::string detail = ok ? std::string() : hdf5Detail();
    discard();
    if (!ok)
        throw Error(m_path, "cannot assemble the HDF5 file" + detail);
    return bytes;
}

void Hdf5Writer::commit() {
    const std::string bytes = takeBytes();
    writeFileAtomically(m_path, bytes); // throws Error naming the path; the old file stays
}

} // namespace bdl::core
