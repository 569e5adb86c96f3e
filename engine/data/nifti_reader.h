#pragma once
// NIfTI-1 and NIfTI-2 volumes (.nii, .nii.gz, .hdr/.img pairs), read with libnifti2, so
// either byte order and any datatype the format defines. Values are scaled by
// scl_slope and scl_inter (a slope of 0 means unscaled) and converted to float32.
//
// Axes: NIfTI stores x fastest, then y, z, t, and u (vector components). A sample puts
// them in our row-major channels-last order with each singleton of t and z dropped:
//   (x, y, z)        -> (D=z, H=y, W=x, C=1)
//   (x, y, 1, t)     -> (T=t, H=y, W=x, C=1)
//   (x, y, z, t)     -> (T=t, D=z, H=y, W=x, C=1)
//   (x, y)           -> (H=y, W=x, C=1)
//   5th axis u, RGB  -> C (u components, each RGB's 3 or RGBA's 4 values)
// Voxels keep their stored order: the affine (qform, sform) is not applied.
#include "tensor/tensor.h"

#include <cstdint>
#include <string>

namespace volnet::data {

// Which z slice to keep, turning (T, D, H, W, C) into (T, H, W, C) and (D, H, W, C) into
// (H, W, C): an index, or one of these.
inline constexpr int64_t kAllSlices = -1;
inline constexpr int64_t kMiddleSlice = -2;

// Throws DataError naming the file and what is wrong: missing, not NIfTI, truncated,
// an unsupported datatype, a slice past the last.
Tensor readNifti(const std::string &path, int64_t slice = kAllSlices);

bool isNiftiPath(const std::string &path);

} // namespace volnet::data
