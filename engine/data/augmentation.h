#pragma once
// Random changes to training samples, drawn afresh each epoch so that the model does not
// learn one rendering of each sample by heart. Never applied to validation data.
#include "tensor/tensor.h"

#include <string>

namespace volnet::data {

class Random;

struct Augmentation {
    bool flipH = false; // mirror along H (upside down), half of the time
    bool flipW = false; // mirror along W (left to right), half of the time
    // The window that cuts the model's input out of the sample is placed at random
    // instead of centred: anywhere from flush with one edge to flush with the other, and
    // up to 1/8 of the input's size beyond (zeros fill what lies outside the sample).
    bool crop = false;
    // Scales values by a factor in [1 - j, 1 + j] and shifts them by [-j, j], after
    // normalisation; 0 is off.
    double intensity = 0;

    bool any() const { return flipH || flipW || crop || intensity > 0; }
};

// A comma-separated list: flip (both axes), flip-h, flip-w, crop, intensity (j = 0.1)
// or intensity=J; "none" or "" for none. Throws DataError for anything else.
Augmentation parseAugmentation(const std::string &list);

// The flips and the intensity change (the crop happens in fitToInput). H and W are the
// two axes before the channels; samples with fewer than 3 axes are not flipped.
void augment(Tensor &volume, const Augmentation &augmentation, Random &rng);

} // namespace volnet::data
