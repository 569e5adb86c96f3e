// The element-wise activations of ops/activation.h, selected by a specialization constant
// so the driver folds the switch away. Softmax is not element-wise: blocks whose
// activation is softmax run the softmax kernels after their own.
// Codes: 0 linear, 1 relu, 2 sigmoid, 3 tanh (softmax = 4 never reaches these functions).

float activate(uint code, float x)
{
    if (code == 1u)
        return max(x, 0.0);
    if (code == 2u)
        return 1.0 / (1.0 + exp(-x));
    if (code == 3u)
        return tanh(x);
    return x;
}

// d activation / d x written with the output y = activate(x), times dy. relu's derivative
// at 0 is 0, as the reference takes it.
float activationGradient(uint code, float y, float dy)
{
    if (code == 1u)
        return y > 0.0 ? dy : 0.0;
    if (code == 2u)
        return dy * y * (1.0 - y);
    if (code == 3u)
        return dy * (1.0 - y * y);
    return dy;
}
