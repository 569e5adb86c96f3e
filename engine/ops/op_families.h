#pragma once
// The table of device ops, filled by one function per op family (one file each, with its
// shaders named after it: conv.cpp and shaders/conv_*.comp). Private to engine/ops.
#include "ops/device_op.h"

#include <functional>
#include <string>
#include <vector>

namespace volnet::ops {

struct DeviceOpEntry {
    std::string type;
    std::function<std::unique_ptr<DeviceOp>(const OpSetup &)> create;
};
using DeviceOpTable = std::vector<DeviceOpEntry>;

void addConvDeviceOps(DeviceOpTable &table);       // Conv3D, Conv2D
void addDenseDeviceOps(DeviceOpTable &table);      // Dense
void addLstmDeviceOps(DeviceOpTable &table);       // LSTM
void addPoolDeviceOps(DeviceOpTable &table);       // pooling, global pooling, TemporalPooling
void addLayoutDeviceOps(DeviceOpTable &table);     // Reshape, Flatten, Permute, FoldTime, FrameSlice
void addMergeDeviceOps(DeviceOpTable &table);      // Concatenate, Add
void addElementwiseDeviceOps(DeviceOpTable &table); // Activation, Dropout
void addNormalizationDeviceOps(DeviceOpTable &table); // BatchNormalization

} // namespace volnet::ops
