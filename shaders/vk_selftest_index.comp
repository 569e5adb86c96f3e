#version 450
// data[i] = data[i] * mul + (first + i): each element learns its index in the whole
// tensor, so a window bound at the wrong offset or a grid folded wrongly shows in the
// result.
#include "volnet_grid.glsl"

layout(std430, set = 0, binding = 0) buffer Data { uint data[]; };

layout(push_constant) uniform Push {
    uint count; // elements in the window bound
    uint first; // index of the window's first element in the tensor
    uint mul;
} p;

void main()
{
    uint i = globalIndex();
    if (i < p.count)
        data[i] = data[i] * p.mul + (p.first + i);
}
