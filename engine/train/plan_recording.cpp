// The passes of a plan, recorded once and replayed every step: the recorder inserts the
// barriers that the declared reads and writes need.
#include "train/plan_layout.h"

#include "vk/grid.h"

namespace volnet::train {

namespace {

struct AccumulatePush {
    uint32_t count;
};

ops::OpTensors tensorsOf(const Plan::Impl &m, int i, int slot)
{
    const Plan::NodeProgram &p = m.nodes[size_t(i)];
    ops::OpTensors t;
    for (int producer : p.producers)
        t.inputs.push_back(outputOf(m, producer, slot));
    t.output = outputOf(m, i, slot);
    t.weights = p.weights;
    t.workspace = p.workspace;
    t.step = m.step;
    t.outputGradient = p.gradient;
    t.inputGradients = p.inputGradients;
    t.weightGradients = p.weightGradients;
    return t;
}

void recordLossForward(const Plan::Impl &m, vk::Recorder &recorder, int slot)
{
    m.loss->recordForward(recorder, outputOf(m, m.output, slot).range, m.labelSlots[size_t(slot)].range,
                          m.lossSamples.range, m.metrics.range);
}

// d output of a node that feeds several blocks: the sum of what each one sent back.
void recordGradientSum(const Plan::Impl &m, vk::Recorder &recorder, const GradientSum &sum)
{
    const ops::DeviceTensor &total = m.nodes[size_t(sum.node)].gradient;
    recorder.copy(sum.parts.front().range, total.range);
    const AccumulatePush push{uint32_t(total.count())};
    for (size_t k = 1; k < sum.parts.size(); ++k)
        recorder.dispatch(*m.accumulate, vk::divideRoundingUp(total.count(), 64),
                          {vk::reads(sum.parts[k].range), vk::readsWrites(total.range)}, vk::asPushConstants(push),
                          "gradient sum");
}

void recordOptimizer(const Plan::Impl &m, vk::Recorder &recorder, const vk::BufferRange &gradients)
{
    recorder.setSection("optimizer");
    m.optimizer->recordUpdate(recorder, m.weights->range(0, std::max<uint64_t>(4, m.trainableFloats * 4)), gradients,
                              m.optimizer->stateBytes() ? m.optimizerState->range(0, m.optimizer->stateBytes())
                                                        : vk::BufferRange{},
                              m.scratch.range, m.step.range);
}

} // namespace

ops::DeviceTensor outputOf(const Plan::Impl &m, int node, int slot)
{
    const Plan::NodeProgram &p = m.nodes[size_t(node)];
    const Plan::NodeProgram &root = m.nodes[size_t(p.root)];
    if (root.isInput)
        return {m.inputSlots[size_t(slot)].range, p.shape};
    return p.output;
}

void recordTrainStep(Plan::Impl &m, vk::Recorder &recorder, int slot)
{
    const int n = int(m.nodes.size());
    for (int i = 0; i < n; ++i)
        if (m.nodes[size_t(i)].op && !m.nodes[size_t(i)].op->isView()) {
            recorder.setSection(m.nodes[size_t(i)].node.id + " forward");
            m.nodes[size_t(i)].op->recordForward(recorder, tensorsOf(m, i, slot));
        }
    recorder.setSection("loss");
    recordLossForward(m, recorder, slot);
    m.loss->recordBackward(recorder, outputOf(m, m.output, slot).range, m.labelSlots[size_t(slot)].range,
                           m.nodes[size_t(m.output)].gradient.range);
    for (int i = n - 1; i >= 0; --i) {
        const Plan::NodeProgram &p = m.nodes[size_t(i)];
        if (!p.needsGradient)
            continue;
        recorder.setSection(p.node.id + " backward");
        for (const GradientSum &sum : m.sums)
            if (sum.node == i)
                recordGradientSum(m, recorder, sum);
        if (!p.op->isView())
            p.op->recordBackward(recorder, tensorsOf(m, i, slot));
    }
    const uint64_t gradientBytes = std::max<uint64_t>(4, m.trainableFloats * 4);
    if (!m.gradientSum) {
        recordOptimizer(m, recorder, m.weightGradients->range(0, gradientBytes));
        return;
    }
    recorder.setSection("gradient sum");
    const AccumulatePush push{uint32_t(m.trainableFloats)};
    recorder.dispatch(*m.accumulateShare, vk::divideRoundingUp(m.trainableFloats, 64),
                      {vk::reads(m.weightGradients->range(0, gradientBytes)),
                       vk::readsWrites(m.gradientSum->range(0, gradientBytes)), vk::reads(m.share.range)},
                      vk::asPushConstants(push), "micro-batch gradient sum");
}

void recordUpdate(Plan::Impl &m, vk::Recorder &recorder)
{
    recordOptimizer(m, recorder, m.gradientSum->range(0, std::max<uint64_t>(4, m.trainableFloats * 4)));
}

void recordEvaluation(Plan::Impl &m, vk::Recorder &recorder, int slot)
{
    const int n = int(m.nodes.size());
    for (int i = 0; i < n; ++i) {
        const Plan::NodeProgram &p = m.nodes[size_t(i)];
        if (!p.op || p.op->isView())
            continue;
        recorder.setSection(p.node.id + " forward");
        if (p.evaluation().isView()) // e.g. Dropout, whose training op has its own output
            recorder.copy(outputOf(m, p.producers.front(), slot).range, outputOf(m, i, slot).range);
        else
            p.evaluation().recordForward(recorder, tensorsOf(m, i, slot));
    }
    recorder.setSection("loss");
    recordLossForward(m, recorder, slot);
    m.softmax->recordForward(recorder, outputOf(m, m.output, slot).range, m.probabilities.range);
}

} // namespace volnet::train
