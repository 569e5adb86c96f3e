#version 450
// One step of the LSTM forward pass, one invocation per (sample, unit). `gates` holds
// x_t·kernel + bias for every step (one product before the steps); the step adds
// h_{t-1}·recurrent_kernel, applies the activations in place (i, f, o sigmoid, c tanh:
// what backward needs) and writes c_t and h_t.
#include "volnet_grid.glsl"

layout(constant_id = 1) const uint kBatch = 1;
layout(constant_id = 2) const uint kSteps = 1;
layout(constant_id = 3) const uint kUnits = 1;
layout(constant_id = 4) const bool kSequences = false; // return_sequences

layout(std430, set = 0, binding = 0) readonly buffer Recurrent { float recurrent[]; }; // (units, 4 units)
layout(std430, set = 0, binding = 1) buffer Gates { float gates[]; };                 // (batch, steps, 4 units)
layout(std430, set = 0, binding = 2) buffer Cells { float cells[]; };                 // (batch, steps, units)
layout(std430, set = 0, binding = 3) buffer Hidden { float hidden[]; };               // (batch, steps, units)
layout(std430, set = 0, binding = 4) writeonly buffer Output { float y[]; };

layout(push_constant) uniform Push {
    uint step;
} p;

float sigmoid(float x)
{
    return 1.0 / (1.0 + exp(-x));
}

void main()
{
    const uint i = globalIndex();
    if (i >= kBatch * kUnits)
        return;
    const uint n = i / kUnits, u = i % kUnits, t = p.step;
    const uint row = n * kSteps + t;
    const uint g = row * 4 * kUnits + u;
    vec4 z = vec4(gates[g], gates[g + kUnits], gates[g + 2 * kUnits], gates[g + 3 * kUnits]);
    float cPrev = 0.0;
    if (t > 0) {
        const uint hPrev = (row - 1) * kUnits;
        for (uint k = 0; k < kUnits; ++k) {
            const float h = hidden[hPrev + k];
            const uint r = k * 4 * kUnits + u;
            z += h * vec4(recurrent[r], recurrent[r + kUnits], recurrent[r + 2 * kUnits], recurrent[r + 3 * kUnits]);
        }
        cPrev = cells[(row - 1) * kUnits + u];
    }
    const float ig = sigmoid(z.x), fg = sigmoid(z.y), cg = tanh(z.z), og = sigmoid(z.w);
    gates[g] = ig;
    gates[g + kUnits] = fg;
    gates[g + 2 * kUnits] = cg;
    gates[g + 3 * kUnits] = og;
    const float c = fg * cPrev + ig * cg;
    const float h = og * tanh(c);
    cells[row * kUnits + u] = c;
    hidden[row * kUnits + u] = h;
    if (kSequences)
        y[row * kUnits + u] = h;
    else if (t + 1 == kSteps)
        y[n * kUnits + u] = h;
}
