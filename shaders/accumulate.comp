#version 450
// y += x: adds one consumer's share into the gradient of a tensor that feeds several blocks.
#include "volnet_grid.glsl"

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 1) buffer Y { float y[]; };

layout(push_constant) uniform Push {
    uint count;
} p;

void main()
{
    uint i = globalIndex();
    if (i < p.count)
        y[i] += x[i];
}
