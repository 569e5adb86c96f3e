#version 450
// y = a·x + y, the pattern of an elementwise op: a 1D grid (volnet_grid.glsl, workgroup
// size in specialization constant 0), and the element count of the window bound in the
// push constants, so that a tensor larger than one descriptor can bind is processed
// window by window.
#include "volnet_grid.glsl"

layout(std430, set = 0, binding = 0) readonly buffer X { float x[]; };
layout(std430, set = 0, binding = 1) buffer Y { float y[]; };

layout(push_constant) uniform Push {
    uint count;
    float a;
} p;

void main()
{
    uint i = globalIndex();
    if (i < p.count)
        y[i] = p.a * x[i] + y[i];
}
