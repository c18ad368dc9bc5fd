#include "app/cli/table.h"

#include <algorithm>
#include <ostream>

namespace bdl::app {

std::string padLeft(const std::string& s, size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

void Table::print(std::ostream& out, const std::string& indent) const {
    std::vector<size_t> width(m_header.size(), 0);
    auto measure = [&](const std::vector<std::string>& cells) {
        for (size_t i = 0; i < cells.size() && i < width.size(); ++i)
            width[i] = std::max(width[i], cells[i].size());
    };
    measure(m_header);
    for (const auto& r : m_rows)
        measure(r);
    auto line = [&](const std::vector<std::string>& cells) {
        out << indent;
        for (size_t i = 0; i < width.size(); ++i) {
            const std::string cell = i < cells.size() ? cells[i] : std::string();
            const std::string pad(width[i] - cell.size(), ' ');
            const bool left = i < m_left || (m_lastLeft && i + 1 == width.size());
            std::string text = left ? cell + pad : pad + cell;
            if (i + 1 == width.size() && left) // no trailing blanks
                text = cell;
            out << (i ? "   " : "") << text;
        }
        out << "\n";
    };
    line(m_header);
    for (const auto& r : m_rows)
        line(r);
}

} // namespace bdl::app
