#include "text_table.h"

#include <algorithm>
#include <cstdio>

namespace volnet::cli {

TextTable::TextTable(std::vector<std::string> header)
    : m_header(std::move(header)), m_right(m_header.size(), false)
{
}

void TextTable::setRightAligned(size_t column)
{
    m_right.at(column) = true;
}

void TextTable::addRow(std::vector<std::string> cells)
{
    cells.resize(m_header.size());
    m_rows.push_back(std::move(cells));
}

std::string TextTable::render() const
{
    std::vector<size_t> width(m_header.size());
    for (size_t c = 0; c < m_header.size(); ++c) {
        width[c] = displayWidth(m_header[c]);
        for (const auto &row : m_rows)
            width[c] = std::max(width[c], displayWidth(row[c]));
    }
    size_t total = 0;
    for (size_t w : width)
        total += w + 2;
    auto line = [&](const std::vector<std::string> &cells) {
        std::string s;
        for (size_t c = 0; c < cells.size(); ++c) {
            const std::string pad(width[c] - displayWidth(cells[c]), ' ');
            s += " " + (m_right[c] ? pad + cells[c] : cells[c] + pad) + " ";
        }
        while (!s.empty() && s.back() == ' ')
            s.pop_back();
        return s + "\n";
    };
    std::string out = std::string(total, '_') + "\n" + line(m_header) + std::string(total, '=') + "\n";
    for (const auto &row : m_rows)
        out += line(row);
    return out + std::string(total, '=') + "\n";
}

std::string withThousands(int64_t n)
{
    std::string digits = std::to_string(n < 0 ? -n : n);
    for (int i = int(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(size_t(i), ",");
    return (n < 0 ? "-" : "") + digits;
}

std::string humanCount(int64_t n)
{
    const char *units[] = {"", " K", " M", " G", " T", " P"};
    double v = double(n);
    int u = 0;
    while (v >= 1000 && u < 5) {
        v /= 1000;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f%s" : "%.2f%s", v, units[u]);
    return buf;
}

std::string humanBytes(int64_t bytes)
{
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = double(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.2f %s", v, units[u]);
    return buf;
}

size_t displayWidth(const std::string &s)
{
    // Count the bytes that start a code point: everything but 10xxxxxx continuations.
    return size_t(std::count_if(s.begin(), s.end(), [](char ch) { return (static_cast<unsigned char>(ch) & 0xC0) != 0x80; }));
}

} // namespace volnet::cli
