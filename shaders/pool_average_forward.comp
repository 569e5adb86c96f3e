#version 450
// Average pooling, one invocation per output position and kLanes channels: the mean of
// the window's real inputs ('same' padding is not counted, as in Keras on TF).
#include "pool_window.glsl"

layout(std430, set = 0, binding = 0) readonly buffer In { float x[]; };
layout(std430, set = 0, binding = 0) readonly buffer In4 { vec4 x4[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out { float y[]; };
layout(std430, set = 0, binding = 1) writeonly buffer Out4 { vec4 y4[]; };

vec4 load(uint element)
{
    return kVector ? x4[element / 4u] : vec4(x[element]);
}

void main()
{
    uint i = globalIndex();
    if (i >= kCount)
        return;
    uint n, c;
    ivec3 o;
    split(i, kOutSize, n, o, c);
    ivec3 origin = windowOrigin(o);
    vec4 sum = vec4(0.0);
    for (int kz = 0; kz < kSizeD; ++kz)
        for (int ky = 0; ky < kSizeH; ++ky)
            for (int kx = 0; kx < kSizeW; ++kx) {
                ivec3 p = origin + ivec3(kz, ky, kx);
                if (inside(p, kInSize))
                    sum += load(inputIndex(n, p, c));
            }
    vec4 mean = sum / float(realTaps(o));
    if (kVector)
        y4[i] = mean;
    else
        y[i] = mean.x;
}
