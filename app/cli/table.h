#pragma once
/// @file table.h
/// Right-aligned plain-text tables for the CLI's human-readable output.
#include <iosfwd>
#include <string>
#include <vector>

namespace bdl::app {

/// s right-aligned in a field of `width` characters.
std::string padLeft(const std::string& s, size_t width);

class Table {
public:
    explicit Table(std::vector<std::string> header) : m_header(std::move(header)) {}
    /// Left-aligns columns 0..n-1 and the last column (text); the rest stay right-aligned.
    Table& leftColumns(size_t n, bool lastToo) {
        m_left = n;
        m_lastLeft = lastToo;
        return *this;
    }
    void row(std::vector<std::string> cells) { m_rows.push_back(std::move(cells)); }
    /// Column 0 is left-aligned (names), the others right-aligned (numbers), unless leftColumns().
    void print(std::ostream& out, const std::string& indent = "  ") const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    size_t m_left = 1;
    bool m_lastLeft = false;
};

} // namespace bdl::app
