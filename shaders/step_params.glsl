// The step buffer (engine/ops/step_params.h), bound read-only by the kernels that need
// what changes between replays of a recorded step.
struct StepParams {
    uint seed;
    uint iteration;
    float learningRate;
    float adamCorrection;
};
