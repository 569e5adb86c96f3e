#version 450
// Writes back its specialization and push constants, so a test can see that each kind
// reaches the shader intact.
layout(local_size_x = 1) in;

layout(constant_id = 1) const uint kUnsigned = 0;
layout(constant_id = 2) const int kSigned = 0;
layout(constant_id = 3) const float kFloat = 0.0;

layout(std430, set = 0, binding = 0) writeonly buffer Out { uint values[]; };

layout(push_constant) uniform Push {
    uint u;
    int i;
    float f;
} p;

void main()
{
    values[0] = kUnsigned;
    values[1] = uint(kSigned);
    values[2] = floatBitsToUint(kFloat);
    values[3] = p.u;
    values[4] = uint(p.i);
    values[5] = floatBitsToUint(p.f);
}
