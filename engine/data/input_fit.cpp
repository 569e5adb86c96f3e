#include "data/input_fit.h"

#include "data/data_error.h"

#include <algorithm>
#include <utility>

namespace volnet::data {

namespace {

// Whether the loader may crop or pad axis `axis` of the input: H and W (the two before
// the channels), and the first axis of (D, H, W, C).
bool resizable(const ModelInput &input, size_t axis)
{
    const size_t rank = input.shape.size();
    if (rank < 3 || axis == rank - 1)
        return false;
    return axis + 3 >= rank || input.depthFirst;
}

Dims withChannels(const Dims &shape, const ModelInput &input)
{
    Dims s = shape;
    if (s.size() + 1 == input.shape.size() && input.shape.back() == 1)
        s.push_back(1);
    return s;
}

// What axis `axis` of the input holds, and the word for what is never resized there.
std::pair<std::string, std::string> axisRole(const ModelInput &input, size_t axis)
{
    const size_t rank = input.shape.size();
    if (rank >= 3 && axis == rank - 1)
        return {" (channels)", "channels"};
    if (rank == 4 && axis == 0)
        return {" (frames in time)", "frames"};
    return {"", "feature axes"};
}

} // namespace

void checkFits(const Dims &shape, const ModelInput &input, const std::string &name)
{
    const Dims s = withChannels(shape, input);
    const std::string both =
        name + " has shape " + formatTuple(shape) + " but the model's Input takes " + formatTuple(input.shape);
    if (s.size() != input.shape.size())
        throw DataError(both + ": " + std::to_string(shape.size()) + " axes against " +
                        std::to_string(input.shape.size()) + ". Set the Input's shape to the data's, " +
                        formatTuple(shape) + ", or give data of the Input's form");
    for (size_t a = 0; a < s.size(); ++a) {
        if (s[a] == input.shape[a] || resizable(input, a))
            continue;
        Dims suggested = input.shape;
        suggested[a] = s[a];
        const auto [role, noun] = axisRole(input, a);
        std::string message = both + ": axis " + std::to_string(a) + role + " is " + std::to_string(s[a]) +
                              " here but " + std::to_string(input.shape[a]) + " in the Input, and " + noun +
                              " are never cropped or padded. Set the Input's shape to " + formatTuple(suggested);
        if (a == 0 && s.size() == 4)
            message += ", or, if this axis is depth rather than time, set the Input's first_axis to depth so that "
                       "it is cropped or padded like H and W";
        throw DataError(message);
    }
}

void checkFits(const Dataset &dataset, const ModelInput &input)
{
    const Dims &common = dataset.sampleShape();
    if (std::find(common.begin(), common.end(), -1) == common.end()) {
        checkFits(common, input, "the data");
        return;
    }
    for (int64_t i = 0; i < dataset.size(); ++i)
        checkFits(dataset.shapeOf(i), input, dataset.sampleName(i));
}

void checkClassCount(const Dataset &dataset, int64_t modelClasses)
{
    if (dataset.classCount() <= modelClasses)
        return;
    std::string names;
    for (const std::string &n : dataset.classNames())
        names += (names.empty() ? "" : ", ") + n;
    throw DataError("the data has " + std::to_string(dataset.classCount()) + " classes (" + names +
                    ") but the model outputs " + std::to_string(modelClasses) +
                    "; set the last Dense layer's units to " + std::to_string(dataset.classCount()));
}

Tensor fitToInput(const Tensor &sample, const ModelInput &input, Random *randomCrop)
{
    const Dims source = withChannels(sample.shape(), input);
    const Dims &target = input.shape;
    const size_t rank = target.size();
    // offset[a]: the source index that output index 0 reads along axis a.
    Dims offset(rank, 0);
    for (size_t a = 0; a < rank; ++a) {
        const int64_t slack = source[a] - target[a];
        if (!randomCrop || !resizable(input, a)) {
            offset[a] = slack / 2;
            continue;
        }
        const int64_t margin = target[a] / 8;
        const int64_t low = std::min<int64_t>(0, slack) - margin, high = std::max<int64_t>(0, slack) + margin;
        offset[a] = low + randomCrop->below(high - low + 1);
    }
    if (source == target && std::all_of(offset.begin(), offset.end(), [](int64_t o) { return o == 0; }))
        return sample.reshaped(target);

    // Rows along the last axis (channels, never resized) are copied whole; the other axes
    // are walked with an odometer.
    Tensor out(target);
    const int64_t row = target.back();
    const Dims sourceStrides = rowMajorStrides(source);
    Dims position(rank, 0);
    for (int64_t o = 0; o < out.size(); o += row) {
        int64_t from = 0;
        bool inside = true;
        for (size_t a = 0; a + 1 < rank; ++a) {
            const int64_t s = position[a] + offset[a];
            inside = inside && s >= 0 && s < source[a];
            from += s * sourceStrides[a];
        }
        if (inside)
            std::copy_n(sample.data() + from, row, out.data() + o);
        for (size_t a = rank - 1; a-- > 0;) {
            if (++position[a] < target[a])
                break;
            position[a] = 0;
        }
    }
    return out;
}

void checkHoldFrame(const ModelInput &input, int64_t frame)
{
    if (input.depthFirst || input.shape.size() < 2)
        throw DataError("holding a frame needs an Input whose first axis is time, but the Input is " +
                        formatTuple(input.shape) + (input.depthFirst ? " with depth first" : "") +
                        "; leave out --hold-frame");
    if (frame < 0 || frame >= input.shape[0])
        throw DataError("cannot hold frame " + std::to_string(frame) + ": the Input has " +
                        std::to_string(input.shape[0]) + " frames, numbered from 0");
}

void holdFrame(Tensor &fitted, int64_t frame)
{
    const int64_t frameSize = elementCount(fitted.shape()) / fitted.shape()[0];
    float *values = fitted.data();
    for (int64_t t = 0; t < fitted.shape()[0]; ++t)
        if (t != frame)
            std::copy_n(values + frame * frameSize, frameSize, values + t * frameSize);
}

} // namespace volnet::data
