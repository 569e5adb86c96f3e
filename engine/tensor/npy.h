#pragma once
// NumPy's .npy files: read (format versions 1 to 3, either byte order, the float,
// integer and bool dtypes, C or Fortran order), converted to float32; written as
// float32, little-endian, C order, format version 1.
#include "tensor/tensor.h"

#include <string>
#include <string_view>

namespace volnet {

struct NpyResult {
    bool ok = false;
    Tensor tensor;
    // When !ok: the file and what is wrong with it, e.g. "x.npy: the header says shape
    // (4, 5) of '<f8', 160 bytes of data, but the file holds 96".
    std::string error;
};

NpyResult readNpy(const std::string &path);
// The same from bytes already in memory; `name` is what messages call them.
NpyResult parseNpy(std::string_view bytes, const std::string &name);

// The whole file: magic, header padded to 64 bytes, the values.
std::string npyBytes(const Tensor &tensor);
// Atomic: writes a temporary file beside `path` and renames it over `path`.
bool writeNpy(const std::string &path, const Tensor &tensor, std::string *error = nullptr);

} // namespace volnet
