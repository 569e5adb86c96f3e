// The 1D grid every elementwise kernel runs on. The workgroup size is specialization
// constant 0 (64 unless the host sets it). It is declared as a named constant too, and
// the index below uses that, because glslang folds gl_WorkGroupSize to its unspecialised
// value.
layout(local_size_x = 64, local_size_x_id = 0) in;
layout(constant_id = 0) const uint kGroupSize = 64;

// The position of this invocation in the grid. The runtime folds a grid longer than
// maxComputeWorkGroupCount[0] workgroups into two or three dimensions
// (Recorder::dispatch), so gl_GlobalInvocationID.x is not the index: this undoes the
// fold. The grid may be rounded up, so compare the result with the element count before
// using it.
uint globalIndex()
{
    uint group = gl_WorkGroupID.x + gl_NumWorkGroups.x * (gl_WorkGroupID.y + gl_NumWorkGroups.y * gl_WorkGroupID.z);
    return group * kGroupSize + gl_LocalInvocationID.x;
}
