#include "hdf5_test_util.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace bdl::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
        fs::path p = fs::temp_directory_path() / ("bdl-test-" + std::to_string(rd()));
        std::error_code ec;
        if (fs::create_directory(p, ec)) {
            m_path = p.string();
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary test folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

std::string TempDir::file(const std::string& name) const { return m_path + "/" + name; }

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out)
        throw std::runtime_error("cannot write " + path);
}

namespace {

void check(herr_t status, const std::string& what) {
    if (status < 0)
        throw std::runtime_error("HDF5 test setup failed: " + what);
}

hid_t checkId(hid_t id, const std::string& what) {
    if (id < 0)
        throw std::runtime_error("HDF5 test setup failed: " + what);
    return id;
}

} // namespace

H5TestFile::H5TestFile(const std::string& path) : m_path(path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    m_file =
        checkId(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create " + path);
}

H5TestFile::H5TestFile(const std::string& path, Modify) : m_path(path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    m_file = checkId(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open " + path);
}

H5TestFile::~H5TestFile() { close(); }

void H5TestFile::close() {
    if (m_file >= 0)
        H5Fclose(m_file);
    m_file = -1;
}

void H5TestFile::ensureParents(const std::string& path) {
    std::string prefix;
    size_t pos = 1;
    while ((pos = path.find('/', pos)) != std::string::npos) {
        prefix = path.substr(0, pos);
        if (H5Lexists(m_file, prefix.c_str(), H5P_DEFAULT) <= 0)
            check(H5Gclose(checkId(
                      H5Gcreate2(m_file, prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      "group " + prefix)),
                  "close group");
        ++pos;
    }
}

void H5TestFile::group(const std::string& path) {
    ensureParents(path);
    if (H5Lexists(m_file, path.c_str(), H5P_DEFAULT) > 0)
        return;
    check(H5Gclose(checkId(H5Gcreate2(m_file, path.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                           "group " + path)),
          "close group");
}

void H5TestFile::dataset(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                         hid_t memType, const void* data, const std::vector<hsize_t>& maxDims,
                         const std::vector<hsize_t>& chunk) {
    ensureParents(path);
    hid_t space = dims.empty() ? H5Screate(H5S_SCALAR)
                               : H5Screate_simple(int(dims.size()), dims.data(),
                                                  maxDims.empty() ? nullptr : maxDims.data());
    checkId(space, "space for " + path);
    hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    if (!chunk.empty())
        check(H5Pset_chunk(dcpl, int(chunk.size()), chunk.data()), "chunk " + path);
    hid_t ds = H5Dcreate2(m_file, path.c_str(), fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
    checkId(ds, "dataset " + path);
    if (data)
        check(H5Dwrite(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + path);
    H5Dclose(ds);
}

void H5TestFile::datasetWithPlist(const std::string& path, const std::vector<hsize_t>& dims,
                                  hid_t fileType, hid_t memType, const void* data, hid_t dcpl) {
    ensureParents(path);
    hid_t space = checkId(dims.empty() ? H5Screate(H5S_SCALAR)
                                       : H5Screate_simple(int(dims.size()), dims.data(), nullptr),
                          "space for " + path);
    hid_t ds = H5Dcreate2(m_file, path.c_str(), fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Sclose(space);
    checkId(ds, "dataset " + path);
    herr_t status = data ? H5Dwrite(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) : 0;
    H5Dclose(ds);
    check(status, "write " + path);
}

void H5TestFile::externalLink(const std::string& link, const std::string& targetFile,
                              const std::string& targetObject) {
    ensureParents(link);
    if (H5Lexists(m_file, link.c_str(), H5P_DEFAULT) > 0)
        check(H5Ldelete(m_file, link.c_str(), H5P_DEFAULT), "delete " + link);
    check(H5Lcreate_external(targetFile.c_str(), targetObject.c_str(), m_file, link.c_str(),
                             H5P_DEFAULT, H5P_DEFAULT),
          "external link " + link);
}

void H5TestFile::softLink(const std::string& link, const std::string& target) {
    ensureParents(link);
    if (H5Lexists(m_file, link.c_str(), H5P_DEFAULT) > 0)
        check(H5Ldelete(m_file, link.c_str(), H5P_DEFAULT), "delete " + link);
    check(H5Lcreate_soft(target.c_str(), m_file, link.c_str(), H5P_DEFAULT, H5P_DEFAULT),
          "soft link " + link);
}

void H5TestFile::floatDataset(const std::string& path, const std::vector<hsize_t>& dims,
                              const std::vector<float>& values) {
    dataset(path, dims, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, values.data());
}

void H5TestFile::doubleDataset(const std::string& path, const std::vector<hsize_t>& dims,
                               const std::vector<double>& values) {
    dataset(path, dims, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data());
}

void H5TestFile::int64Dataset(const std::string& path, const std::vector<hsize_t>& dims,
                              const std::vector<int64_t>& values) {
    dataset(path, dims, H5T_STD_I64LE, H5T_NATIVE_INT64, values.data());
}

void H5TestFile::uint8Dataset(const std::string& path, const std::vector<hsize_t>& dims,
                              const std::vector<uint8_t>& values) {
    dataset(path, dims, H5T_STD_U8LE, H5T_NATIVE_UINT8, values.data());
}

void H5TestFile::stringDataset(const std::string& path, const std::vector<std::string>& values) {
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    std::vector<const char*> ptrs;
    for (const auto& v : values)
        ptrs.push_back(v.c_str());
    dataset(path, {hsize_t(values.size())}, type, type, ptrs.data());
    H5Tclose(type);
}

hid_t H5TestFile::openObject(const std::string& object) {
    return checkId(H5Oopen(m_file, object.c_str(), H5P_DEFAULT), "open " + object);
}

void H5TestFile::stringAttr(const std::string& object, const std::string& name,
                            const std::string& value, bool variableLength) {
    hid_t obj = openObject(object);
    hid_t type = H5Tcopy(H5T_C_S1);
    hid_t space = H5Screate(H5S_SCALAR);
    const char* ptr = value.c_str();
    const void* buf = &ptr;
    if (variableLength) {
        H5Tset_size(type, H5T_VARIABLE);
        H5Tset_cset(type, H5T_CSET_UTF8);
    } else {
        H5Tset_size(type, value.empty() ? 1 : value.size());
        H5Tset_strpad(type, H5T_STR_NULLPAD);
        buf = value.empty() ? "" : value.data();
    }
    hid_t attr = checkId(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                         "attribute " + name);
    check(H5Awrite(attr, type, buf), "write attribute " + name);
    H5Aclose(attr);
    H5Sclose(space);
    H5Tclose(type);
    H5Oclose(obj);
}

void H5TestFile::stringArrayAttr(const std::string& object, const std::string& name,
                                 const std::vector<std::string>& values, bool variableLength) {
    hid_t obj = openObject(object);
    hsize_t n = values.size();
    hid_t space = H5Screate_simple(1, &n, nullptr);
    hid_t type = H5Tcopy(H5T_C_S1);
    std::vector<const char*> ptrs;
    std::vector<char> fixed;
    const void* buf = nullptr;
    if (variableLength) {
        H5Tset_size(type, H5T_VARIABLE);
        H5Tset_cset(type, H5T_CSET_UTF8);
        for (const auto& v : values)
            ptrs.push_back(v.c_str());
        buf = ptrs.data();
    } else {
        size_t width = 1;
        for (const auto& v : values)
            width = std::max(width, v.size());
        fixed.assign(width * values.size() + 1, '\0');
        for (size_t i = 0; i < values.size(); ++i)
            std::copy(values[i].begin(), values[i].end(), fixed.begin() + long(i * width));
        H5Tset_size(type, width);
        H5Tset_strpad(type, H5T_STR_NULLPAD);
        buf = fixed.data();
    }
    hid_t attr = checkId(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                         "attribute " + name);
    check(H5Awrite(attr, type, buf), "write attribute " + name);
    H5Aclose(attr);
    H5Tclose(type);
    H5Sclose(space);
    H5Oclose(obj);
}

void H5TestFile::emptyFloat64Attr(const std::string& object, const std::string& name) {
    float64ArrayAttr(object, name, {});
}

void H5TestFile::float64ArrayAttr(const std::string& object, const std::string& name,
                                  const std::vector<double>& values) {
    hid_t obj = openObject(object);
    hsize_t n = values.size();
    hid_t space = H5Screate_simple(1, &n, nullptr);
    hid_t attr =
        checkId(H5Acreate2(obj, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT),
                "attribute " + name);
    double dummy = 0.0;
    check(H5Awrite(attr, H5T_NATIVE_DOUBLE, values.empty() ? &dummy : values.data()),
          "write attribute " + name);
    H5Aclose(attr);
    H5Sclose(space);
    H5Oclose(obj);
}

} // namespace bdl::test
