#include "data/dataset.h"

#include "data/data_error.h"

#include <cmath>

namespace volnet::data {

std::string Dataset::sampleName(int64_t index) const
{
    return "sample " + std::to_string(index);
}

Dims Dataset::shapeOf(int64_t) const
{
    return m_sampleShape;
}

std::vector<int64_t> classCounts(const Dataset &dataset)
{
    std::vector<int64_t> counts(size_t(dataset.classCount()), 0);
    for (int64_t i = 0; i < dataset.size(); ++i)
        ++counts[size_t(dataset.label(i))];
    return counts;
}

void requireFinite(const Tensor &volume, const std::string &name)
{
    for (int64_t i = 0; i < volume.size(); ++i) {
        if (std::isfinite(volume[i]))
            continue;
        Dims position(volume.shape().size());
        int64_t rest = i;
        for (size_t axis = position.size(); axis-- > 0;) {
            position[axis] = rest % volume.shape()[axis];
            rest /= volume.shape()[axis];
        }
        throw DataError(name + ": holds " + (std::isnan(volume[i]) ? "NaN" : "an infinite value") + " at " +
                        formatTuple(position) + " of its shape " + formatTuple(volume.shape()) +
                        "; repair or remove this sample");
    }
}

} // namespace volnet::data
