// Image files and folders the CLI must refuse: PNG headers declaring absurd sizes, a PNG zlib
// bomb, truncated PNG and JPEG files (alone and inside a folder), folders of 10^4 empty files,
// symlink loops and symlinks to /etc/passwd, a FIFO.
#include "hostile_corpus.h"
#include "hostile_h5.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <sys/stat.h>
#include <zlib.h>

#include <filesystem>
#include <stdexcept>

namespace bdl::hostile {

namespace fs = std::filesystem;

namespace {

std::string pngChunk(const std::string& type, const std::string& data) {
    const std::string body = type + data;
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()));
    return bigEndian32(uint32_t(data.size())) + body + bigEndian32(uint32_t(crc));
}

/// A greyscale 8-bit PNG declaring width x height whose IDAT holds `idat` (zlib data).
std::string pngDeclaring(uint32_t width, uint32_t height, const std::string& idat) {
    const std::string ihdr = bigEndian32(width) + bigEndian32(height) + std::string{8, 0, 0, 0, 0};
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + pngChunk("IDAT", idat) +
           pngChunk("IEND", "");
}

std::string encoded(Corpus& c, const std::string& ext, int side = 28) {
    cv::Mat img(side, side, CV_8UC1);
    for (int p = 0; p < side * side; ++p)
        img.data[p] = uchar(c.rng()() & 0xff);
    std::vector<uchar> buf;
    if (!cv::imencode(ext, img, buf))
        throw std::runtime_error("cannot encode " + ext);
    return std::string(buf.begin(), buf.end());
}

/// A PNG of 100000 x 100000 pixels by its header (a few bytes of image data follow).
std::string hugePng() { return pngDeclaring(100000, 100000, deflateZeros(1024)); }

void single(Corpus& c, const std::string& name, const std::string& bytes, const std::string& what) {
    writeBytes(c.file(name), bytes);
    c.add(name, OpenAs::CleanData, what);
}

/// A folder of three good 28x28 PNGs plus `extra` (name -> bytes).
void folderWith(Corpus& c, const std::string& name, const std::string& extraName,
                const std::string& extra, const std::string& what) {
    const std::string dir = c.file(name);
    fs::create_directories(dir);
    for (int i = 0; i < 3; ++i)
        writeBytes(dir + "/img_" + std::to_string(i) + "_" + std::to_string(i) + ".png",
                   encoded(c, ".png"));
    if (!extraName.empty())
        writeBytes(dir + "/" + extraName, extra);
    c.add(name, OpenAs::CleanData, what);
}

} // namespace

void writeImages(Corpus& c) {
    single(c, "png_100000x100000.png", hugePng(), "PNG header declaring 100000 x 100000 pixels");
    single(c, "png_1x2147483647.png", pngDeclaring(1, 0x7fffffffu, deflateZeros(64)),
           "PNG header declaring 1 x (2^31 - 1) pixels");
    std::string png = encoded(c, ".png");
    std::string badCrc = png;
    badCrc[8 + 8 + 13] = char(badCrc[8 + 8 + 13] ^ 0x01); // first byte of IHDR's CRC
    single(c, "png_bad_ihdr_crc.png", badCrc, "PNG whose IHDR CRC is wrong");
    // 12000 x 12000 grey: 144 MB once inflated, about 140 KB stored.
    single(c, "png_zlib_bomb_12000.png",
           pngDeclaring(12000, 12000, deflateZeros(size_t(12001) * 12000)),
           "PNG zlib bomb: 12000 x 12000 (144 MB) of zeros in a 140 KB IDAT");
    for (size_t cut : {size_t(8), size_t(30), png.size() / 2, png.size() - 12}) {
        single(c, "png_cut_" + std::to_string(cut) + ".png", png.substr(0, cut),
               "PNG cut to " + std::to_string(cut) + " of " + std::to_string(png.size()) +
                   " bytes");
    }
    const std::string jpg = encoded(c, ".jpg");
    for (size_t cut : {size_t(2), size_t(100), jpg.size() / 2, jpg.size() - 2}) {
        single(c, "jpg_cut_" + std::to_string(cut) + ".jpg", jpg.substr(0, cut),
               "JPEG cut to " + std::to_string(cut) + " of " + std::to_string(jpg.size()) +
                   " bytes");
    }
    // Patch the baseline frame header (SOF0: FF C0, length, precision, height, width).
    std::string sof = jpg;
    const size_t at = sof.find("\xff\xc0");
    if (at == std::string::npos)
        throw std::runtime_error("no SOF0 marker in the encoded JPEG");
    sof.replace(at + 5, 4, std::string("\xff\xdc\xff\xdc", 4));
    single(c, "jpg_sof_65500x65500.jpg", sof, "JPEG frame header declaring 65500 x 65500");
}

void writeFolders(Corpus& c) {
    const std::string tiny = c.file("folder_10k_tiny");
    fs::create_directories(tiny);
    for (int i = 0; i < 10000; ++i)
        writeBytes(tiny + "/t" + std::to_string(i) + ".png", i % 2 ? std::string(1, 'x') : "");
    c.add("folder_10k_tiny", OpenAs::CleanData, "10^4 .png files of 0 or 1 byte");
    fs::create_directories(c.file("folder_empty"));
    c.add("folder_empty", OpenAs::CleanData, "an empty folder");
    fs::create_directories(c.file("folder_symlink_loop"));
    fs::create_symlink("b.png", c.file("folder_symlink_loop/a.png"));
    fs::create_symlink("a.png", c.file("folder_symlink_loop/b.png"));
    c.add("folder_symlink_loop", OpenAs::CleanData, "a.png -> b.png -> a.png");
    folderWith(c, "folder_passwd_link", "", "", "three good PNGs and x.png -> /etc/passwd");
    fs::create_symlink("/etc/passwd", c.file("folder_passwd_link/x.png"));
    const std::string png = encoded(c, ".png");
    folderWith(c, "folder_cut_png", "z_cut.png", png.substr(0, png.size() / 2),
               "three good PNGs and one cut in half");
    const std::string jpg = encoded(c, ".jpg");
    folderWith(c, "folder_cut_jpeg", "z_cut.jpg", jpg.substr(0, jpg.size() / 3),
               "three good PNGs and a JPEG cut to a third");
    folderWith(c, "folder_huge_png", "z_huge.png", hugePng(),
               "three good PNGs and one declaring 100000 x 100000");
    folderWith(c, "folder_mixed_sizes", "z_big_3_9.png", encoded(c, ".png", 30),
               "28x28 PNGs and one 30x30");
    folderWith(c, "folder_csv_traversal", "labels.csv",
               "file,label\nimg_0_0.png,0\nimg_1_1.png,1\nimg_2_2.png,2\n../../../etc/passwd,3\n",
               "labels.csv listing ../../../etc/passwd");
    fs::create_symlink("/etc/passwd", c.file("link_passwd.png"));
    c.add("link_passwd.png", OpenAs::CleanData, "x.png-style symlink to /etc/passwd, opened alone");
    fs::create_symlink("link_loop.png", c.file("link_loop.png"));
    c.add("link_loop.png", OpenAs::CleanData, "a symlink to itself");
    fs::create_symlink("folder_self_link", c.file("folder_self_link"));
    c.add("folder_self_link", OpenAs::CleanData, "a folder path that is a symlink to itself");
    fs::create_symlink("/dev/zero", c.file("link_dev_zero.png"));
    c.add("link_dev_zero.png", OpenAs::CleanData, "a .png symlink to /dev/zero");
    if (mkfifo(c.file("fifo.png").c_str(), 0600) != 0)
        throw std::runtime_error("cannot make a FIFO in " + c.dir());
    c.add("fifo.png", OpenAs::CleanData, "a FIFO named .png (opening it would block)");
}

} // namespace bdl::hostile
