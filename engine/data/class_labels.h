#pragma once
// Labels as a source gives them (integers, or class names) turned into class indices and
// the list of class names, with the checks every labelled source needs: no negative or
// out-of-range label, and at least two classes present.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace volnet::data {

struct ClassLabels {
    std::vector<int> labels;
    std::vector<std::string> classNames;
};

// Where the labels come from, for messages: the file ("y.npy"), and where in it label i
// is ("y.npy[17]", "list.csv line 4").
struct LabelSource {
    std::string file;
    std::function<std::string(size_t)> place;
};

// Classes 0 to the largest label, named "0", "1", ..., unless `names` are given (the
// spec's classes= option): then the labels index them.
ClassLabels integerLabels(const std::vector<int64_t> &values, const std::vector<std::string> &names,
                          const LabelSource &source);

// Classes the given `names` in their order, or else the distinct labels sorted.
ClassLabels namedLabels(const std::vector<std::string> &values, const std::vector<std::string> &names,
                        const LabelSource &source);

} // namespace volnet::data
