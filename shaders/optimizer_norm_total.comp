#version 450
// Global gradient norm, second pass: one invocation adds the partial sums of squares and
// stores the total after them, where the update kernels read it.
layout(local_size_x = 1) in;

layout(constant_id = 2) const uint kPartials = 1024;

layout(std430, set = 0, binding = 0) buffer Scratch { float partial[]; };

void main()
{
    float sum = 0.0;
    for (uint i = 0; i < kPartials; ++i)
        sum += partial[i];
    partial[kPartials] = sum;
}
