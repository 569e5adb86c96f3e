#pragma once
// The .safetensors format (Hugging Face's): an 8-byte little-endian header length, a
// JSON header naming each tensor's dtype, shape and byte range, then the raw data.
// VolNet Studio keeps weights and checkpoints in it, with the names and Keras layouts
// that docs/weights-format.md lists.
#include "tensor/tensor.h"

#include <map>
#include <string>

namespace volnet {

struct TensorFile {
    std::map<std::string, Tensor> tensors;
    std::map<std::string, std::string> metadata; // the header's "__metadata__"
};

struct TensorFileResult {
    bool ok = false;
    TensorFile file;
    std::string error; // names the file, and the tensor or header field at fault
};

// Reads F32, F64, F16, BF16 and the integer dtypes, converted to float32.
TensorFileResult readSafetensors(const std::string &path);
// Writes every tensor as F32, sorted by name, atomically (temporary file + rename).
bool writeSafetensors(const std::string &path, const TensorFile &file, std::string *error = nullptr);

} // namespace volnet
