#include "tensor/safetensors.h"

#include "io/file_io.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace volnet {

namespace {

using Json = nlohmann::json;

// A header larger than this is not a weights file's (ours are kilobytes).
constexpr uint64_t kMaxHeaderBytes = 100u << 20;

struct DType {
    const char *name;
    int bytes;
    float (*read)(const unsigned char *);
};

template<typename T>
T loadLittleEndian(const unsigned char *p)
{
    std::array<unsigned char, sizeof(T)> raw;
    std::memcpy(raw.data(), p, sizeof(T));
    if constexpr (std::endian::native == std::endian::big)
        std::reverse(raw.begin(), raw.end());
    return std::bit_cast<T>(raw);
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const int exponent = (h >> 10) & 0x1f;
    uint32_t mantissa = h & 0x3ff;
    if (exponent == 0x1f) // infinity or NaN
        return std::bit_cast<float>(sign | 0x7f800000u | (mantissa << 13));
    if (exponent == 0) {
        // Zero or subnormal: value = mantissa * 2^-24.
        const float magnitude = float(mantissa) * 0x1p-24f;
        return sign ? -magnitude : magnitude;
    }
    return std::bit_cast<float>(sign | uint32_t(exponent - 15 + 127) << 23 | mantissa << 13);
}

const DType kDTypes[] = {
    {"F32", 4, [](const unsigned char *p) { return loadLittleEndian<float>(p); }},
    {"F64", 8, [](const unsigned char *p) { return float(loadLittleEndian<double>(p)); }},
    {"F16", 2, [](const unsigned char *p) { return halfToFloat(loadLittleEndian<uint16_t>(p)); }},
    {"BF16", 2, [](const unsigned char *p) { return std::bit_cast<float>(uint32_t(loadLittleEndian<uint16_t>(p)) << 16); }},
    {"I8", 1, [](const unsigned char *p) { return float(int8_t(*p)); }},
    {"U8", 1, [](const unsigned char *p) { return float(*p); }},
    {"I16", 2, [](const unsigned char *p) { return float(loadLittleEndian<int16_t>(p)); }},
    {"U16", 2, [](const unsigned char *p) { return float(loadLittleEndian<uint16_t>(p)); }},
    {"I32", 4, [](const unsigned char *p) { return float(loadLittleEndian<int32_t>(p)); }},
    {"U32", 4, [](const unsigned char *p) { return float(loadLittleEndian<uint32_t>(p)); }},
    {"I64", 8, [](const unsigned char *p) { return float(loadLittleEndian<int64_t>(p)); }},
    {"U64", 8, [](const unsigned char *p) { return float(loadLittleEndian<uint64_t>(p)); }},
};

const DType *findDType(const std::string &name)
{
    for (const DType &d : kDTypes)
        if (name == d.name)
            return &d;
    return nullptr;
}

struct Rejection {
    std::string message;
};

Tensor readTensor(const std::string &name, const Json &entry, const unsigned char *data, uint64_t dataBytes)
{
    const std::string where = "tensor '" + name + "'";
    if (!entry.is_object() || !entry.contains("dtype") || !entry.contains("shape") || !entry.contains("data_offsets"))
        throw Rejection{where + " needs dtype, shape and data_offsets"};
    const Json &dtypeJson = entry["dtype"];
    const DType *dtype = dtypeJson.is_string() ? findDType(dtypeJson.get<std::string>()) : nullptr;
    if (!dtype)
        throw Rejection{where + " has dtype " + dtypeJson.dump() + ", which VolNet Studio cannot read (F32, F64, "
                        "F16, BF16 and integers can be read)"};
    Dims shape;
    uint64_t count = 1;
    if (!entry["shape"].is_array())
        throw Rejection{where + " has a shape that is not a list"};
    for (const Json &d : entry["shape"]) {
        if (!d.is_number_unsigned() || d.get<uint64_t>() > (uint64_t(1) << 40))
            throw Rejection{where + " has an invalid dimension " + d.dump()};
        shape.push_back(int64_t(d.get<uint64_t>()));
        count *= d.get<uint64_t>();
        if (count > (uint64_t(1) << 40))
            throw Rejection{where + " is impossibly large"};
    }
    const Json &offsets = entry["data_offsets"];
    if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
        !offsets[1].is_number_unsigned())
        throw Rejection{where + " has data_offsets that are not two byte positions"};
    const uint64_t begin = offsets[0].get<uint64_t>();
    const uint64_t end = offsets[1].get<uint64_t>();
    if (begin > end || end > dataBytes)
        throw Rejection{where + " lies outside the file's data (bytes " + std::to_string(begin) + " to " +
                        std::to_string(end) + " of " + std::to_string(dataBytes) + "): the file is truncated or corrupt"};
    if (end - begin != count * uint64_t(dtype->bytes))
        throw Rejection{where + " has " + std::to_string(end - begin) + " bytes of data, but its shape " +
                        formatTuple(shape) + " of " + dtype->name + " needs " +
                        std::to_string(count * uint64_t(dtype->bytes))};
    Tensor t(shape);
    for (uint64_t i = 0; i < count; ++i)
        t[int64_t(i)] = dtype->read(data + begin + i * uint64_t(dtype->bytes));
    return t;
}

TensorFile parse(const std::string &bytes)
{
    if (bytes.size() < 8)
        throw Rejection{"the file is too short to be a safetensors file"};
    const uint64_t headerBytes = loadLittleEndian<uint64_t>(reinterpret_cast<const unsigned char *>(bytes.data()));
    if (headerBytes > kMaxHeaderBytes || headerBytes > bytes.size() - 8)
        throw Rejection{"the header length " + std::to_string(headerBytes) +
                        " does not fit the file: it is not a safetensors file, or it is truncated"};
    const Json header = Json::parse(bytes.begin() + 8, bytes.begin() + 8 + int64_t(headerBytes), nullptr, false);
    if (header.is_discarded() || !header.is_object())
        throw Rejection{"the header is not a JSON object"};
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.data()) + 8 + headerBytes;
    const uint64_t dataBytes = bytes.size() - 8 - headerBytes;
    TensorFile file;
    for (const auto &[name, entry] : header.items()) {
        if (name == "__metadata__") {
            if (!entry.is_object())
                throw Rejection{"__metadata__ is not an object"};
            for (const auto &[key, value] : entry.items())
                if (value.is_string())
                    file.metadata[key] = value.get<std::string>();
            continue;
        }
        file.tensors[name] = readTensor(name, entry, data, dataBytes);
    }
    return file;
}

} // namespace

TensorFileResult readSafetensors(const std::string &path)
{
    TensorFileResult result;
    std::string bytes;
    if (std::string failed = readFile(path, &bytes); !failed.empty()) {
        result.error = failed;
        return result;
    }
    try {
        result.file = parse(bytes);
        result.ok = true;
    } catch (const Rejection &r) {
        result.error = path + ": " + r.message;
    } catch (const std::exception &e) {
        result.error = path + ": cannot read it: " + e.what();
    }
    return result;
}

bool writeSafetensors(const std::string &path, const TensorFile &file, std::string *error)
{
    Json header = Json::object();
    uint64_t offset = 0;
    for (const auto &[name, tensor] : file.tensors) {
        const uint64_t bytes = uint64_t(tensor.size()) * sizeof(float);
        header[name] = {{"dtype", "F32"}, {"shape", tensor.shape()}, {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    if (!file.metadata.empty())
        header["__metadata__"] = file.metadata;
    std::string text = header.dump();
    // The format pads the header with spaces so that the data starts 8-byte aligned.
    text.append((8 - text.size() % 8) % 8, ' ');
    std::string out(8, '\0');
    uint64_t length = text.size();
    for (int i = 0; i < 8; ++i)
        out[size_t(i)] = char((length >> (8 * i)) & 0xff);
    out += text;
    out.reserve(out.size() + offset);
    for (const auto &[name, tensor] : file.tensors)
        for (float v : tensor.values()) {
            const auto bits = std::bit_cast<uint32_t>(v);
            for (int i = 0; i < 4; ++i)
                out += char((bits >> (8 * i)) & 0xff);
        }
    const std::string failed = writeFileAtomically(path, out);
    if (!failed.empty() && error)
        *error = failed;
    return failed.empty();
}

} // namespace volnet
