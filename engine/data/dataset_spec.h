#pragma once
// A dataset is chosen by a spec string, `kind:argument?key=value&key=value`:
//   synthetic:dce      the DCE-MRI phantom (the default)   n, t, size, seed, cue
//   synthetic:shapes   shapes moving in 4 directions        n, t, size, seed
//   npy:X.npy,y.npy    arrays of samples and labels         classes
//   folder:DIR         one subfolder of volumes per class   slice
//   csv:FILE           a manifest of path,label lines       classes, slice
// docs/datasets.md describes each, its options and its axes.
#include "data/dataset.h"

#include <memory>
#include <string>

namespace volnet::data {

inline constexpr const char *kDefaultDatasetSpec = "synthetic:dce";

// Opens (and for files, reads and checks) the dataset. Throws DataError for an unknown
// kind or option (listing the valid ones) and for anything wrong with the data.
std::shared_ptr<const Dataset> openDataset(const std::string &spec);

// The valid kinds, one per line with a short description, for --help and for errors.
std::string datasetKindsHelp();

} // namespace volnet::data
