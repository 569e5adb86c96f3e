// Dense on the last axis of an input of any rank, as Keras's: every leading axis (batch
// included) is a row, and the product is a 1×1×1 convolution over those rows
// (ops/conv.h), so it shares the convolution's kernels, forward and backward.
#include "ops/conv.h"
#include "ops/op_families.h"

namespace volnet::ops {

void addDenseDeviceOps(DeviceOpTable &table)
{
    table.push_back({"Dense", [](const OpSetup &s) {
                         const uint64_t features = uint64_t(s.inputShapes.at(0).back());
                         const uint64_t rows = uint64_t(elementCount(s.inputShapes[0])) / features;
                         const uint64_t units = uint64_t(std::get<int64_t>(s.node.params.at("units")));
                         return std::make_unique<ConvOp>(s, matrixGeometry(rows, features, units));
                     }});
}

} // namespace volnet::ops
