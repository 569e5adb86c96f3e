#pragma once
// One volume per file, whatever its format: NIfTI (see nifti_reader.h for the axes) or
// .npy (its array as stored: (T, H, W, C), (D, H, W), ...).
#include "tensor/tensor.h"

#include <string>

namespace volnet::data {

// .nii, .nii.gz, .hdr, .npy.
bool isVolumePath(const std::string &path);

// `slice` (kAllSlices, kMiddleSlice or an index) applies to NIfTI volumes only. Throws
// DataError naming the file.
Tensor readVolume(const std::string &path, int64_t slice);

} // namespace volnet::data
