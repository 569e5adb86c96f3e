#include "data/nifti_reader.h"

#include "data/data_error.h"

#include <nifti2_io.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <mutex>

namespace volnet::data {

namespace {

// libnifti keeps global settings and is not documented as thread-safe; the training and
// validation loaders may read at the same time.
std::mutex &libraryMutex()
{
    static std::mutex mutex;
    return mutex;
}

struct ImageFree {
    void operator()(nifti_image *image) const { nifti_image_free(image); }
};
using ImagePtr = std::unique_ptr<nifti_image, ImageFree>;

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The sizes of x, y, z, t, u; the library leaves those past dim[0] at 0 or 1.
struct Extent {
    int64_t nx, ny, nz, nt, nu;
};

Extent extentOf(const nifti_image &image)
{
    const auto size = [&](int axis) { return axis <= image.dim[0] ? std::max<int64_t>(image.dim[axis], 1) : 1; };
    return {size(1), size(2), size(3), size(4), size(5)};
}

// Copies voxel values (each `components` wide) from NIfTI order into ours: u and the
// components make up the channel axis, the fastest; only z slices [zFirst, zFirst +
// zCount) are kept.
template<typename T>
void gather(const T *src, const Extent &e, int components, int64_t zFirst, int64_t zCount, double slope,
            double intercept, float *out)
{
    const int64_t nx = e.nx, ny = e.ny, nz = e.nz, nt = e.nt, nu = e.nu;
    for (int64_t t = 0; t < nt; ++t)
        for (int64_t z = 0; z < zCount; ++z)
            for (int64_t y = 0; y < ny; ++y)
                for (int64_t x = 0; x < nx; ++x)
                    for (int64_t u = 0; u < nu; ++u) {
                        const int64_t voxel = x + nx * (y + ny * ((z + zFirst) + nz * (t + nt * u)));
                        for (int c = 0; c < components; ++c) {
                            const double v = double(src[voxel * components + c]);
                            *out++ = float(slope * v + intercept);
                        }
                    }
}

} // namespace

bool isNiftiPath(const std::string &path)
{
    return endsWith(path, ".nii") || endsWith(path, ".nii.gz") || endsWith(path, ".hdr") || endsWith(path, ".hdr.gz");
}

Tensor readNifti(const std::string &path, int64_t slice)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw DataError(path + ": no such file");

    ImagePtr image;
    {
        std::lock_guard lock(libraryMutex());
        nifti_set_debug_level(0); // our messages say what went wrong; the library's would repeat it on stderr
        image.reset(nifti_image_read(path.c_str(), 0));
        if (!image)
            throw DataError(path + ": not a NIfTI-1 or NIfTI-2 file, or its header is damaged; check that it "
                                   "was written completely (re-export or copy it again)");
        if (nifti_image_load(image.get()) != 0 || !image->data)
            throw DataError(path + ": the header promises " + std::to_string(image->nvox * image->nbyper) +
                            " bytes of voxel data, which could not be read: the file is truncated or corrupt "
                            "(re-export or copy it again)");
    }

    const nifti_image &im = *image;
    const Extent e = extentOf(im);
    if (im.dim[0] > 5 && im.nvox != e.nx * e.ny * e.nz * e.nt * e.nu)
        throw DataError(path + ": has " + std::to_string(im.dim[0]) +
                        " dimensions; volumes of up to 5 (x, y, z, t and vector components) are supported");
    int components = 1;
    if (im.datatype == DT_RGB24)
        components = 3;
    else if (im.datatype == DT_RGBA32)
        components = 4;

    int64_t zFirst = 0, zCount = e.nz;
    if (slice != kAllSlices) {
        zFirst = slice == kMiddleSlice ? e.nz / 2 : slice;
        if (zFirst < 0 || zFirst >= e.nz)
            throw DataError(path + ": slice " + std::to_string(slice) + " asked for, but the volume has " +
                            std::to_string(e.nz) + " slices along z (0 to " + std::to_string(e.nz - 1) + ")");
        zCount = 1;
    }

    Dims shape;
    if (e.nt > 1)
        shape.push_back(e.nt);
    if (zCount > 1)
        shape.push_back(zCount);
    shape.push_back(e.ny);
    shape.push_back(e.nx);
    shape.push_back(e.nu * components);
    Tensor out(shape);

    // NIfTI: scaling applies to every type but RGB, and a slope of 0 means "unscaled".
    const bool scaled = components == 1 && im.scl_slope != 0 && std::isfinite(im.scl_slope);
    const double slope = scaled ? im.scl_slope : 1, intercept = scaled ? im.scl_inter : 0;
    const void *data = im.data;
    const auto convert = [&](const auto *typed, int width) {
        gather(typed, e, width, zFirst, zCount, slope, intercept, out.data());
    };
    switch (im.datatype) {
    case DT_UINT8:
        convert(static_cast<const uint8_t *>(data), 1);
        break;
    case DT_INT8:
        convert(static_cast<const int8_t *>(data), 1);
        break;
    case DT_INT16:
        convert(static_cast<const int16_t *>(data), 1);
        break;
    case DT_UINT16:
        convert(static_cast<const uint16_t *>(data), 1);
        break;
    case DT_INT32:
        convert(static_cast<const int32_t *>(data), 1);
        break;
    case DT_UINT32:
        convert(static_cast<const uint32_t *>(data), 1);
        break;
    case DT_INT64:
        convert(static_cast<const int64_t *>(data), 1);
        break;
    case DT_UINT64:
        convert(static_cast<const uint64_t *>(data), 1);
        break;
    case DT_FLOAT32:
        convert(static_cast<const float *>(data), 1);
        break;
    case DT_FLOAT64:
        convert(static_cast<const double *>(data), 1);
        break;
    case DT_RGB24:
    case DT_RGBA32:
        convert(static_cast<const uint8_t *>(data), components);
        break;
    default:
        throw DataError(path + ": voxels of datatype " + nifti_datatype_to_string(im.datatype) +
                        " are not supported; convert the file to a real-valued type (integers, float32 or float64)");
    }
    return out;
}

} // namespace volnet::data
