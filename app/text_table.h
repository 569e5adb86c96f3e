#pragma once
// Plain-text tables and number formatting for the command line, in the look of
// Keras's model.summary(): rules of '_' and '=', columns padded to their widest cell.
#include <cstdint>
#include <string>
#include <vector>

namespace volnet::cli {

class TextTable {
public:
    explicit TextTable(std::vector<std::string> header);
    void setRightAligned(size_t column);
    void addRow(std::vector<std::string> cells);
    std::string render() const;

private:
    std::vector<std::string> m_header;
    std::vector<std::vector<std::string>> m_rows;
    std::vector<bool> m_right;
};

// 1532485 -> "1,532,485", as Keras prints parameter counts.
std::string withThousands(int64_t n);
// 2.4e9 -> "2.40 G".
std::string humanCount(int64_t n);
// 3.2e6 -> "3.05 MiB".
std::string humanBytes(int64_t bytes);
// Columns a UTF-8 string takes on a terminal (one per code point; our text has no wide glyphs).
size_t displayWidth(const std::string &s);

} // namespace volnet::cli
