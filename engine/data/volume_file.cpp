#include "data/volume_file.h"

#include "data/data_error.h"
#include "data/nifti_reader.h"
#include "tensor/npy.h"

namespace volnet::data {

namespace {

bool isNpyPath(const std::string &path)
{
    return path.size() > 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
}

} // namespace

bool isVolumePath(const std::string &path)
{
    return isNiftiPath(path) || isNpyPath(path);
}

Tensor readVolume(const std::string &path, int64_t slice)
{
    if (isNiftiPath(path))
        return readNifti(path, slice);
    if (!isNpyPath(path))
        throw DataError(path + ": not a volume file; expected .nii, .nii.gz or .npy");
    NpyResult read = readNpy(path);
    if (!read.ok)
        throw DataError(read.error);
    return std::move(read.tensor);
}

} // namespace volnet::data
