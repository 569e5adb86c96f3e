#include "ops/device_op.h"

#include "ops/op_families.h"
#include "ops/random.h"

#include <stdexcept>

namespace volnet::ops {

namespace {

DeviceOpTable buildTable()
{
    DeviceOpTable table;
    addConvDeviceOps(table);
    addDenseDeviceOps(table);
    addLstmDeviceOps(table);
    addPoolDeviceOps(table);
    addLayoutDeviceOps(table);
    addMergeDeviceOps(table);
    addElementwiseDeviceOps(table);
    addNormalizationDeviceOps(table);
    return table;
}

const DeviceOpTable &table()
{
    static const DeviceOpTable t = buildTable();
    return t;
}

} // namespace

bool hasDeviceOp(const std::string &type)
{
    for (const DeviceOpEntry &e : table())
        if (e.type == type)
            return true;
    return false;
}

std::unique_ptr<DeviceOp> createDeviceOp(const OpSetup &setup)
{
    for (const DeviceOpEntry &e : table())
        if (e.type == setup.node.type)
            return e.create(setup);
    throw std::invalid_argument(setup.node.id + ": no device op for blocks of type " + setup.node.type);
}

uint32_t nodeIdHash(const std::string &nodeId)
{
    // FNV-1a: short, and the same on every machine.
    uint32_t hash = 2166136261u;
    for (unsigned char ch : nodeId)
        hash = (hash ^ ch) * 16777619u;
    return hash;
}

uint32_t nodeSeed(uint32_t stepSeed, const std::string &nodeId)
{
    return lowbias32(stepSeed ^ nodeIdHash(nodeId));
}

} // namespace volnet::ops
