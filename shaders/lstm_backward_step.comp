#version 450
// One step of backpropagation through time, from the last step to the first, one
// invocation per (sample, unit). dh_t = dy_t + dz_{t+1}·recurrent_kernelᵀ, and the
// gradient of the cell state runs backwards in `dcells`; writes dz_t, the gradient of the
// gates' pre-activations, from which the products give every other gradient.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kBatch = 1;
layout(constant_id = 2) const uint kSteps = 1;
layout(constant_id = 3) const uint kUnits = 1;
layout(constant_id = 4) const bool kSequences = false; // return_sequences

layout(std430, set = 0, binding = 0) readonly buffer Recurrent { float recurrent[]; }; // (units, 4 units)
layout(std430, set = 0, binding = 1) readonly buffer Gates { float gates[]; };        // activated
layout(std430, set = 0, binding = 2) readonly buffer Cells { float cells[]; };
layout(std430, set = 0, binding = 3) readonly buffer OutputGradient { float dy[]; };
layout(std430, set = 0, binding = 4) buffer GateGradients { float dgates[]; };      // (batch, steps, 4 units)
layout(std430, set = 0, binding = 5) buffer CellGradient { float dcells[]; };       // (batch, units)

layout(push_constant) uniform Push {
    uint step;
} p;

void main()
{
    const uint i = globalIndex();
    if (i >= kBatch * kUnits)
        return;
    const uint n = i / kUnits, u = i % kUnits, t = p.step;
    const uint row = n * kSteps + t;
    const bool last = t + 1 == kSteps;

    float dh = kSequences ? dy[row * kUnits + u] : (last ? dy[n * kUnits + u] : 0.0);
    float dcNext = 0.0;
    if (!last) {
        const uint next = (row + 1) * 4 * kUnits;
        const uint r = u * 4 * kUnits;
        for (uint k = 0; k < 4 * kUnits; ++k)
            dh += dgates[next + k] * recurrent[r + k];
        dcNext = dcells[i];
    }
    const uint g = row * 4 * kUnits + u;
    const float ig = gates[g], fg = gates[g + kUnits], cg = gates[g + 2 * kUnits], og = gates[g + 3 * kUnits];
    const float tc = tanh(cells[row * kUnits + u]);
    const float cPrev = t > 0 ? cells[(row - 1) * kUnits + u] : 0.0;
    const float dc = dcNext + dh * og * (1.0 - tc * tc);
    dgates[g] = dc * cg * ig * (1.0 - ig);
    dgates[g + kUnits] = dc * cPrev * fg * (1.0 - fg);
    dgates[g + 2 * kUnits] = dc * ig * (1.0 - cg * cg);
    dgates[g + 3 * kUnits] = dh * tc * og * (1.0 - og);
    dcells[i] = dc * fg;
}
