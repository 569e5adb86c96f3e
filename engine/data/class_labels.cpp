#include "data/class_labels.h"

#include "data/data_error.h"

#include <algorithm>
#include <set>

namespace volnet::data {

namespace {

// Beyond any real classifier; a larger label is a mistake (a value, not a class) and
// would otherwise make millions of class names.
constexpr int64_t kMaxClasses = 100000;

std::string joined(const std::vector<std::string> &words)
{
    std::string s;
    for (const std::string &w : words)
        s += (s.empty() ? "" : ", ") + w;
    return s;
}

void requireTwoClasses(const ClassLabels &result, const LabelSource &source)
{
    const std::set<int> present(result.labels.begin(), result.labels.end());
    if (present.size() == 1)
        throw DataError(source.file + ": every label is class " + result.classNames[size_t(result.labels[0])] +
                        "; a classifier needs samples of two or more classes");
}

} // namespace

ClassLabels integerLabels(const std::vector<int64_t> &values, const std::vector<std::string> &names,
                          const LabelSource &source)
{
    ClassLabels result;
    int64_t largest = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        if (values[i] < 0)
            throw DataError(source.place(i) + ": label " + std::to_string(values[i]) +
                            " is negative; labels are class numbers from 0");
        if (!names.empty() && values[i] >= int64_t(names.size()))
            throw DataError(source.place(i) + ": label " + std::to_string(values[i]) +
                            " is out of range: classes= names " + std::to_string(names.size()) + " classes (" +
                            joined(names) + "), numbered 0 to " + std::to_string(names.size() - 1));
        if (values[i] >= kMaxClasses)
            throw DataError(source.place(i) + ": label " + std::to_string(values[i]) +
                            " is not a plausible class number; labels are class numbers from 0");
        largest = std::max(largest, values[i]);
        result.labels.push_back(int(values[i]));
    }
    result.classNames = names;
    for (int64_t c = 0; names.empty() && c <= largest; ++c)
        result.classNames.push_back(std::to_string(c));
    requireTwoClasses(result, source);
    return result;
}

ClassLabels namedLabels(const std::vector<std::string> &values, const std::vector<std::string> &names,
                        const LabelSource &source)
{
    ClassLabels result;
    result.classNames = names;
    if (names.empty()) {
        const std::set<std::string> distinct(values.begin(), values.end());
        result.classNames.assign(distinct.begin(), distinct.end());
    }
    for (size_t i = 0; i < values.size(); ++i) {
        const auto it = std::find(result.classNames.begin(), result.classNames.end(), values[i]);
        if (it == result.classNames.end())
            throw DataError(source.place(i) + ": label '" + values[i] + "' is not one of the classes= names (" +
                            joined(names) + ")");
        result.labels.push_back(int(it - result.classNames.begin()));
    }
    requireTwoClasses(result, source);
    return result;
}

} // namespace volnet::data
