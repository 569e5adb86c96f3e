#include "tensor/npy.h"

#include "io/file_io.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <optional>
#include <sstream>

namespace volnet {

namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

// Thrown by the parser with what is wrong; parseNpy adds the file's name.
struct Malformed {
    std::string what;
};

[[noreturn]] void malformed(std::string what)
{
    throw Malformed{std::move(what)};
}

uint64_t readLittle(std::string_view bytes, size_t at, size_t count)
{
    uint64_t v = 0;
    for (size_t i = count; i-- > 0;)
        v = (v << 8) | uint8_t(bytes[at + i]);
    return v;
}

// The header is a Python dict literal: {'descr': '<f4', 'fortran_order': False,
// 'shape': (3, 4), }. This reads that literal and nothing more general.
class HeaderParser {
public:
    explicit HeaderParser(std::string_view text) : m_text(text) {}

    std::string descr;
    std::optional<bool> fortranOrder;
    std::optional<Dims> shape;

    void parse()
    {
        expect('{');
        bool sawDescr = false;
        while (true) {
            skipSpace();
            if (peek() == '}') {
                ++m_pos;
                break;
            }
            const std::string key = quoted();
            expect(':');
            if (key == "descr") {
                skipSpace();
                if (peek() == '[')
                    malformed("structured dtypes (a list in 'descr') are not supported; save a plain array");
                descr = quoted();
                sawDescr = true;
            } else if (key == "fortran_order") {
                fortranOrder = boolean();
            } else if (key == "shape") {
                shape = tuple();
            } else {
                malformed("the header has an unknown key '" + key + "'");
            }
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            else if (peek() != '}')
                malformed("the header dict is missing a ',' or '}' at character " + std::to_string(m_pos));
        }
        if (!sawDescr || !fortranOrder || !shape)
            malformed("the header lacks one of 'descr', 'fortran_order' and 'shape'");
    }

private:
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    void skipSpace()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t'))
            ++m_pos;
    }
    void expect(char c)
    {
        skipSpace();
        if (peek() != c)
            malformed(std::string("the header dict is not valid: expected '") + c + "' at character " +
                      std::to_string(m_pos));
        ++m_pos;
    }
    std::string quoted()
    {
        skipSpace();
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            malformed("the header dict is not valid: expected a quoted string at character " + std::to_string(m_pos));
        const size_t end = m_text.find(quote, m_pos + 1);
        if (end == std::string_view::npos)
            malformed("the header dict has an unterminated string");
        std::string s(m_text.substr(m_pos + 1, end - m_pos - 1));
        m_pos = end + 1;
        return s;
    }
    bool boolean()
    {
        skipSpace();
        for (const auto &[word, value] : {std::pair{std::string_view("True"), true}, {"False", false}})
            if (m_text.substr(m_pos, word.size()) == word) {
                m_pos += word.size();
                return value;
            }
        malformed("'fortran_order' is neither True nor False");
    }
    Dims tuple()
    {
        expect('(');
        Dims dims;
        while (true) {
            skipSpace();
            if (peek() == ')') {
                ++m_pos;
                return dims;
            }
            if (peek() < '0' || peek() > '9')
                malformed("'shape' must be a tuple of non-negative integers");
            int64_t d = 0;
            while (peek() >= '0' && peek() <= '9') {
                if (d > (std::numeric_limits<int64_t>::max() - 9) / 10)
                    malformed("a dimension in 'shape' is too large");
                d = d * 10 + (peek() - '0');
                ++m_pos;
            }
            if (peek() == 'L') // Python 2 wrote long integers with a suffix
                ++m_pos;
            dims.push_back(d);
            skipSpace();
            if (peek() == ',')
                ++m_pos;
            else if (peek() != ')')
                malformed("'shape' must be a tuple of non-negative integers");
        }
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

struct Dtype {
    char kind = 'f'; // f float, i signed, u unsigned, b bool
    size_t size = 4;
    bool bigEndian = false;
};

Dtype parseDescr(const std::string &descr)
{
    auto unsupported = [&] {
        malformed("the dtype '" + descr +
                  "' is not supported (use float32/64, int8 to int64, uint8 to uint64 or bool)");
    };
    if (descr.size() < 3)
        unsupported();
    Dtype t;
    const char order = descr[0];
    if (order == '>')
        t.bigEndian = true;
    else if (order == '=')
        t.bigEndian = std::endian::native == std::endian::big;
    else if (order != '<' && order != '|')
        unsupported();
    t.kind = descr[1];
    const std::string size = descr.substr(2);
    if (size == "1" || size == "2" || size == "4" || size == "8")
        t.size = size_t(size[0] - '0');
    else
        unsupported();
    const bool known = (t.kind == 'f' && (t.size == 4 || t.size == 8)) || t.kind == 'i' || t.kind == 'u' ||
                       (t.kind == 'b' && t.size == 1);
    if (!known)
        unsupported();
    return t;
}

float convert(const char *p, const Dtype &t)
{
    unsigned char b[8];
    std::memcpy(b, p, t.size);
    const bool swap = t.bigEndian != (std::endian::native == std::endian::big);
    if (swap)
        for (size_t i = 0; i < t.size / 2; ++i)
            std::swap(b[i], b[t.size - 1 - i]);
    auto as = [&b]<typename V>(V) {
        V v;
        std::memcpy(&v, b, sizeof v);
        return float(v);
    };
    switch (t.kind) {
    case 'f':
        return t.size == 4 ? as(float()) : as(double());
    case 'b':
        return b[0] ? 1.0f : 0.0f;
    case 'i':
        switch (t.size) {
        case 1:
            return as(int8_t());
        case 2:
            return as(int16_t());
        case 4:
            return as(int32_t());
        default:
            return as(int64_t());
        }
    default:
        switch (t.size) {
        case 1:
            return as(uint8_t());
        case 2:
            return as(uint16_t());
        case 4:
            return as(uint32_t());
        default:
            return as(uint64_t());
        }
    }
}

Tensor parse(std::string_view bytes)
{
    if (bytes.size() < 10 || bytes.substr(0, kMagic.size()) != kMagic)
        malformed("not a .npy file (it does not start with \\x93NUMPY)");
    const int major = uint8_t(bytes[6]);
    if (major < 1 || major > 3)
        malformed("format version " + std::to_string(major) + "." + std::to_string(uint8_t(bytes[7])) +
                  " is not supported (1 to 3 are)");
    const size_t lengthBytes = major == 1 ? 2 : 4;
    if (bytes.size() < 6 + 2 + lengthBytes)
        malformed("the file ends inside its header");
    const size_t headerStart = 8 + lengthBytes;
    const uint64_t headerLength = readLittle(bytes, 8, lengthBytes);
    if (headerLength > bytes.size() - headerStart)
        malformed("the header is said to be " + std::to_string(headerLength) + " bytes long, but the file has only " +
                  std::to_string(bytes.size() - headerStart) + " bytes after the header length");
    HeaderParser header(bytes.substr(headerStart, size_t(headerLength)));
    header.parse();
    const Dtype dtype = parseDescr(header.descr);
    const Dims shape = *header.shape;

    const uint64_t dataBytes = bytes.size() - headerStart - headerLength;
    const uint64_t capacity = dataBytes / dtype.size; // elements the data could hold
    const bool empty = std::find(shape.begin(), shape.end(), 0) != shape.end();
    uint64_t count = empty ? 0 : 1;
    for (size_t a = 0; !empty && a < shape.size(); ++a) {
        if (count > capacity / uint64_t(shape[a]))
            malformed("the header says shape " + formatTuple(shape) + " of '" + header.descr + "', more than the " +
                      std::to_string(dataBytes) + " bytes of data hold: the file is truncated");
        count *= uint64_t(shape[a]);
    }
    if (count * dtype.size != dataBytes)
        malformed("the header says shape " + formatTuple(shape) + " of '" + header.descr + "', " +
                  std::to_string(count * dtype.size) + " bytes of data, but the file holds " +
                  std::to_string(dataBytes));

    const char *data = bytes.data() + headerStart + headerLength;
    std::vector<float> values(static_cast<size_t>(count));
    if (!*header.fortranOrder) {
        for (size_t i = 0; i < values.size(); ++i)
            values[i] = convert(data + i * dtype.size, dtype);
    } else {
        // Column-major: the first axis varies fastest in the file.
        const Dims cStrides = rowMajorStrides(shape);
        Dims index(shape.size(), 0);
        for (size_t f = 0; f < values.size(); ++f) {
            int64_t c = 0;
            for (size_t a = 0; a < shape.size(); ++a)
                c += index[a] * cStrides[a];
            values[size_t(c)] = convert(data + f * dtype.size, dtype);
            for (size_t a = 0; a < shape.size() && ++index[a] == shape[a]; ++a)
                index[a] = 0;
        }
    }
    return Tensor(shape, std::move(values));
}

} // namespace

NpyResult parseNpy(std::string_view bytes, const std::string &name)
{
    NpyResult result;
    try {
        result.tensor = parse(bytes);
        result.ok = true;
    } catch (const Malformed &m) {
        result.error = name + ": " + m.what;
    }
    return result;
}

NpyResult readNpy(const std::string &path)
{
    std::string bytes;
    if (std::string failed = readFile(path, &bytes); !failed.empty()) {
        NpyResult result;
        result.error = failed;
        return result;
    }
    return parseNpy(bytes, path);
}

std::string npyBytes(const Tensor &tensor)
{
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + formatTuple(tensor.shape()) + ", }";
    // numpy pads so that the data starts at a multiple of 64 bytes, and ends with '\n'.
    const size_t unpadded = kMagic.size() + 2 + 2 + dict.size() + 1;
    dict.append((64 - unpadded % 64) % 64, ' ');
    dict += '\n';
    std::string out(kMagic);
    out += char(1);
    out += char(0);
    out += char(dict.size() & 0xff);
    out += char(dict.size() >> 8);
    out += dict;
    const size_t start = out.size();
    out.resize(start + size_t(tensor.size()) * 4);
    for (int64_t i = 0; i < tensor.size(); ++i) {
        const uint32_t bits = std::bit_cast<uint32_t>(tensor[i]);
        for (size_t b = 0; b < 4; ++b)
            out[start + size_t(i) * 4 + b] = char((bits >> (8 * b)) & 0xff);
    }
    return out;
}

bool writeNpy(const std::string &path, const Tensor &tensor, std::string *error)
{
    const std::string failed = writeFileAtomically(path, npyBytes(tensor));
    if (!failed.empty() && error)
        *error = failed;
    return failed.empty();
}

} // namespace volnet
