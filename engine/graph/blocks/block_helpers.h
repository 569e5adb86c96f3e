#pragma once
// Building blocks for the registry entries: parameter specs with Keras's names and
// defaults, Keras's output-length arithmetic, and the common input checks.
#include "graph/block_registry.h"

#include <string>
#include <vector>

namespace volnet::blocks {

ParamSpec intParam(std::string name, int64_t def, int64_t lo, int64_t hi, std::string help);
ParamSpec floatParam(std::string name, double def, double lo, double hi, std::string help,
                     bool exclusiveMin = false, bool exclusiveMax = false);
ParamSpec boolParam(std::string name, bool def, std::string help);
ParamSpec choiceParam(std::string name, std::string def, std::vector<std::string> choices, std::string help);
ParamSpec tupleParam(std::string name, IntTuple def, int minLength, int maxLength, int64_t lo, int64_t hi,
                     std::string help);

// The activation choices every block with an `activation` parameter offers.
ParamSpec activationParam(std::string def);
ParamSpec paddingParam();

// Keras's conv_utils.conv_output_length: 'same' gives ceil(n / stride), 'valid'
// gives ceil((n - dilated_kernel + 1) / stride); the result may be <= 0 (an error).
int64_t convOutputLength(int64_t n, int64_t kernel, const std::string &padding, int64_t stride,
                         int64_t dilation = 1);

// Requires the input to have exactly `rank` axes; reports what the block expected
// (`axesHint`, e.g. "(T, H, W, C)") and returns false otherwise.
bool requireRank(ShapeContext &ctx, int rank, const std::string &axesHint, const std::string &fix);

// "3×3×3" for a kernel tuple.
std::string crossTuple(const IntTuple &t);

// Warns when a 2D block treats the time axis as image height or width, or image
// columns as channels: mistakes Keras accepts silently.
void warnTimeInImage(ShapeContext &ctx, const TensorInfo &in, const std::string &what);

// Registry sections, one per file.
void addInputBlocks(std::vector<BlockSpec> &out);
void addConvBlocks(std::vector<BlockSpec> &out);
void addPoolBlocks(std::vector<BlockSpec> &out);
void addTimeBlocks(std::vector<BlockSpec> &out);
void addShapeBlocks(std::vector<BlockSpec> &out);
void addMergeBlocks(std::vector<BlockSpec> &out);
void addRecurrentBlocks(std::vector<BlockSpec> &out);
void addHeadBlocks(std::vector<BlockSpec> &out);

} // namespace volnet::blocks
