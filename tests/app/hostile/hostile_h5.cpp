#include "hostile_h5.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace bdl::hostile {

void h5check(herr_t status, const std::string& what) {
    if (status < 0)
        throw std::runtime_error("HDF5 corpus setup failed: " + what);
}

hid_t h5id(hid_t id, const std::string& what) {
    if (id < 0)
        throw std::runtime_error("HDF5 corpus setup failed: " + what);
    return id;
}

void H5Handle::reset() {
    if (m_id >= 0)
        m_close(m_id);
    m_id = -1;
}

H5Writer::H5Writer(const std::string& path, Mode mode) : m_path(path) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    if (mode == Open) {
        m_file = h5id(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT), "open " + path);
        return;
    }
    H5Handle fapl(h5id(H5Pcreate(H5P_FILE_ACCESS), "fapl"), H5Pclose);
    if (mode == CreateLatest)
        h5check(H5Pset_libver_bounds(fapl.get(), H5F_LIBVER_LATEST, H5F_LIBVER_LATEST), "libver");
    m_file =
        h5id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.get()), "create " + path);
}

H5Writer::~H5Writer() { close(); }

void H5Writer::close() {
    if (m_file >= 0)
        H5Fclose(m_file);
    m_file = -1;
}

void H5Writer::ensureParents(const std::string& path) {
    for (size_t pos = 1; (pos = path.find('/', pos)) != std::string::npos; ++pos)
        group(path.substr(0, pos));
}

void H5Writer::group(const std::string& path) {
    if (H5Lexists(m_file, path.c_str(), H5P_DEFAULT) > 0)
        return;
    ensureParents(path);
    // No object times: the same seed must give the same bytes.
    H5Handle gcpl(h5id(H5Pcreate(H5P_GROUP_CREATE), "gcpl"), H5Pclose);
    h5check(H5Pset_obj_track_times(gcpl.get(), false), "track times");
    H5Handle g(h5id(H5Gcreate2(m_file, path.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT),
                    "group " + path),
               H5Gclose);
}

void H5Writer::remove(const std::string& path) {
    h5check(H5Ldelete(m_file, path.c_str(), H5P_DEFAULT), "unlink " + path);
}

void H5Writer::removeAttr(const std::string& object, const std::string& name) {
    h5check(H5Adelete_by_name(m_file, object.c_str(), name.c_str(), H5P_DEFAULT),
            "delete attribute " + name);
}

hid_t H5Writer::create(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                       const DatasetLayout& layout) {
    ensureParents(path);
    H5Handle space(
        h5id(dims.empty()
                 ? H5Screate(H5S_SCALAR)
                 : H5Screate_simple(int(dims.size()), dims.data(),
                                    layout.maxDims.empty() ? nullptr : layout.maxDims.data()),
             "space " + path),
        H5Sclose);
    H5Handle dcpl(h5id(H5Pcreate(H5P_DATASET_CREATE), "dcpl"), H5Pclose);
    h5check(H5Pset_obj_track_times(dcpl.get(), false), "track times");
    if (!layout.chunk.empty())
        h5check(H5Pset_chunk(dcpl.get(), int(layout.chunk.size()), layout.chunk.data()), "chunk");
    if (layout.deflate)
        h5check(H5Pset_deflate(dcpl.get(), 9), "deflate");
    if (layout.extraFilter)
        h5check(H5Pset_filter(dcpl.get(), layout.extraFilter, H5Z_FLAG_MANDATORY, 0, nullptr),
                "filter");
    if (layout.lateAllocation || !layout.externalFile.empty()) {
        h5check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_LATE), "alloc time");
        h5check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), "fill time");
    }
    if (!layout.externalFile.empty())
        h5check(H5Pset_external(dcpl.get(), layout.externalFile.c_str(), 0, layout.externalBytes),
                "external " + layout.externalFile);
    return h5id(H5Dcreate2(m_file, path.c_str(), fileType, space.get(), H5P_DEFAULT, dcpl.get(),
                           H5P_DEFAULT),
                "dataset " + path);
}

void H5Writer::dataset(const std::string& path, const std::vector<hsize_t>& dims, hid_t fileType,
                       hid_t memType, const void* data, const DatasetLayout& layout) {
    H5Handle ds(create(path, dims, fileType, layout), H5Dclose);
    if (data)
        h5check(H5Dwrite(ds.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + path);
}

void H5Writer::floats(const std::string& path, const std::vector<hsize_t>& dims,
                      const std::vector<float>& values) {
    dataset(path, dims, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, values.data());
}

void H5Writer::int64s(const std::string& path, const std::vector<hsize_t>& dims,
                      const std::vector<int64_t>& values) {
    dataset(path, dims, H5T_STD_I64LE, H5T_NATIVE_INT64, values.data());
}

void H5Writer::bytes(const std::string& path, const std::vector<hsize_t>& dims,
                     const std::vector<uint8_t>& values) {
    dataset(path, dims, H5T_STD_U8LE, H5T_NATIVE_UINT8, values.data());
}

void H5Writer::attribute(const std::string& object, const std::string& name, hid_t type,
                         hid_t space, const void* buf) {
    H5Handle obj(h5id(H5Oopen(m_file, object.c_str(), H5P_DEFAULT), "open " + object), H5Oclose);
    H5Handle attr(h5id(H5Acreate2(obj.get(), name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                       "attribute " + name),
                  H5Aclose);
    h5check(H5Awrite(attr.get(), type, buf), "write attribute " + name);
}

void H5Writer::stringAttr(const std::string& object, const std::string& name,
                          const std::string& value, bool variableLength) {
    H5Handle type(h5id(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
    H5Handle space(h5id(H5Screate(H5S_SCALAR), "scalar"), H5Sclose);
    const char* ptr = value.c_str();
    if (variableLength) {
        H5Tset_size(type.get(), H5T_VARIABLE);
        H5Tset_cset(type.get(), H5T_CSET_UTF8);
        attribute(object, name, type.get(), space.get(), &ptr);
        return;
    }
    H5Tset_size(type.get(), std::max<size_t>(1, value.size()));
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    const std::string padded = value.empty() ? std::string(1, '\0') : value;
    attribute(object, name, type.get(), space.get(), padded.data());
}

void H5Writer::stringArrayAttr(const std::string& object, const std::string& name,
                               const std::vector<std::string>& values, bool variableLength) {
    hsize_t n = values.size();
    H5Handle space(h5id(H5Screate_simple(1, &n, nullptr), "space"), H5Sclose);
    H5Handle type(h5id(H5Tcopy(H5T_C_S1), "string type"), H5Tclose);
    if (variableLength) {
        H5Tset_size(type.get(), H5T_VARIABLE);
        H5Tset_cset(type.get(), H5T_CSET_UTF8);
        std::vector<const char*> ptrs;
        for (const auto& v : values)
            ptrs.push_back(v.c_str());
        attribute(object, name, type.get(), space.get(), ptrs.data());
        return;
    }
    size_t width = 1;
    for (const auto& v : values)
        width = std::max(width, v.size());
    std::vector<char> fixed(width * values.size() + 1, '\0');
    for (size_t i = 0; i < values.size(); ++i)
        std::memcpy(fixed.data() + i * width, values[i].data(), values[i].size());
    H5Tset_size(type.get(), width);
    H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
    attribute(object, name, type.get(), space.get(), fixed.data());
}

void H5Writer::doubleArrayAttr(const std::string& object, const std::string& name,
                               const std::vector<double>& values) {
    hsize_t n = values.size();
    H5Handle space(h5id(H5Screate_simple(1, &n, nullptr), "space"), H5Sclose);
    const double dummy = 0.0;
    attribute(object, name, H5T_IEEE_F64LE, space.get(), values.empty() ? &dummy : values.data());
}

namespace {

size_t passThrough(unsigned, size_t, const unsigned[], size_t nbytes, size_t*, void**) {
    return nbytes;
}

} // namespace

H5Z_filter_t registerUnknownFilter() {
    // 32100 is in the range HDF Group hands out to third parties and is not assigned to any
    // filter the helper links; the helper must refuse it, not skip it.
    constexpr H5Z_filter_t kId = 32100;
    static const bool registered = [] {
        H5Z_class2_t cls{};
        cls.version = H5Z_CLASS_T_VERS;
        cls.id = kId;
        cls.encoder_present = 1;
        cls.decoder_present = 1;
        cls.name = "bdl-hostile-unknown";
        cls.filter = passThrough;
        h5check(H5Zregister(&cls), "register filter");
        return true;
    }();
    (void)registered;
    return kId;
}

void writeRawChunk(hid_t dataset, const std::vector<hsize_t>& offset, const std::string& bytes) {
    h5check(H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, offset.data(), bytes.size(), bytes.data()),
            "direct chunk write");
}

std::string deflateZeros(size_t zeros, bool gzipWrapper) {
    z_stream z{};
    h5check(deflateInit2(&z, 9, Z_DEFLATED, gzipWrapper ? 31 : 15, 9, Z_DEFAULT_STRATEGY) == Z_OK
                ? 0
                : -1,
            "deflateInit");
    static const std::vector<unsigned char> block(size_t(1) << 20, 0);
    std::string out;
    std::vector<unsigned char> buf(size_t(1) << 16);
    size_t left = zeros;
    int flush = Z_NO_FLUSH;
    do {
        const size_t take = std::min(left, block.size());
        z.next_in = const_cast<unsigned char*>(block.data());
        z.avail_in = unsigned(take);
        left -= take;
        flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
        do {
            z.next_out = buf.data();
            z.avail_out = unsigned(buf.size());
            deflate(&z, flush);
            out.append(reinterpret_cast<const char*>(buf.data()), buf.size() - z.avail_out);
        } while (z.avail_out == 0);
    } while (flush != Z_FINISH);
    deflateEnd(&z);
    return out;
}

} // namespace bdl::hostile
