#pragma once
// `folder:DIR`: one subfolder per class, its name the class name (sorted by name, so
// label 0 is the first), each holding the class's volumes (.nii, .nii.gz, .npy).
#include "data/dataset.h"

#include <memory>

namespace volnet::data {

// Throws DataError for a missing or empty folder, a class folder without volumes, or a
// single class; and whatever FileDataset finds wrong with the volumes.
std::shared_ptr<const Dataset> openClassFolders(const std::string &dir, int64_t slice);

} // namespace volnet::data
