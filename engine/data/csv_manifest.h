#pragma once
// `csv:FILE`: a manifest of `path,label` lines. Paths are relative to the manifest's
// folder (or absolute); a label is a class name or a class number, the same kind on
// every line. A first line whose path is not a volume file (.nii, .nii.gz, .npy) is a
// header; empty lines and lines starting with '#' are skipped. A path may hold commas:
// the label is what follows the last one.
#include "data/dataset.h"

#include <memory>

namespace volnet::data {

// `classNames` (the spec's classes= option) fixes the classes and their order;
// otherwise classes are the distinct names sorted, or 0 to the largest number.
std::shared_ptr<const Dataset> openCsvManifest(const std::string &file, const std::vector<std::string> &classNames,
                                               int64_t slice);

} // namespace volnet::data
