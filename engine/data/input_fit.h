#pragma once
// Making a sample the shape the model's Input takes. Spatial axes (H and W, and D when
// the Input's first axis is depth) are cropped or zero-padded about the centre, the odd
// pixel at the end; channels, frames in time and feature axes must already match, since
// cropping them would change what the data means. A sample one axis short gets a
// channel axis of 1 when the Input's channels are 1: (D, H, W) fits (D, H, W, 1).
#include "data/dataset.h"
#include "data/random.h"

namespace volnet::data {

struct ModelInput {
    Dims shape;              // the Input block's shape, without the batch axis: (10, 64, 64, 1)
    bool depthFirst = false; // its first_axis is "depth" rather than "time"
};

// Throws DataError naming `name` when a sample of `shape` cannot be fitted: which axis,
// both shapes, and what to change.
void checkFits(const Dims &shape, const ModelInput &input, const std::string &name);
// Every sample of the dataset (their shapes may differ).
void checkFits(const Dataset &dataset, const ModelInput &input);
// Throws DataError when the data has more classes than the model outputs.
void checkClassCount(const Dataset &dataset, int64_t modelClasses);

// The sample cropped or padded to the input's shape; centred, or with `randomCrop`
// placed at random (see Augmentation::crop). Expects a sample checkFits accepts.
Tensor fitToInput(const Tensor &sample, const ModelInput &input, Random *randomCrop = nullptr);

// A control for what time adds: every frame of a fitted sample replaced by frame `frame`,
// so that the model keeps its shapes and sees the scene, but nothing that changes over
// time. checkHoldFrame throws DataError when the Input has no time axis or too few frames.
void checkHoldFrame(const ModelInput &input, int64_t frame);
void holdFrame(Tensor &fitted, int64_t frame);

} // namespace volnet::data
