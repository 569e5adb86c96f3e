// Where every tensor of a plan lives. Lifetimes are positions in the step: forward of the
// node at topological position i is time i, the loss is time n, the backward pass of
// node i is time 2n - i, the optimizer 2n + 1. Tensors whose lifetimes do not overlap
// share bytes (MemoryPlanner): gradients always, activations in inference plans (a
// training step keeps every activation for its backward pass).
#include "train/memory_planner.h"
#include "train/plan_layout.h"

#include "vk/context.h"
#include "vk/error.h"

namespace volnet::train {

namespace {

uint64_t bytesOf(const Dims &shape)
{
    return uint64_t(elementCount(shape)) * sizeof(float);
}

std::unique_ptr<vk::Buffer> zeroedBuffer(vk::Context &context, uint64_t bytes)
{
    auto buffer = std::make_unique<vk::Buffer>(context, std::max<uint64_t>(16, bytes));
    const std::vector<uint8_t> zeros(buffer->size(), 0);
    buffer->upload(zeros.data(), zeros.size());
    return buffer;
}

struct Placement {
    int handle;
    ops::DeviceTensor *target;
    Dims shape;
};

class Arena {
public:
    explicit Arena(uint64_t alignment) : m_planner(alignment) {}
    void add(ops::DeviceTensor *target, Dims shape, uint64_t bytes, int first, int last)
    {
        m_items.push_back({m_planner.add(bytes, first, last), target, std::move(shape)});
    }
    // Places everything and allocates one buffer; returns it.
    std::unique_ptr<vk::Buffer> allocate(vk::Context &context)
    {
        m_planner.place();
        auto buffer = std::make_unique<vk::Buffer>(context, std::max<uint64_t>(m_planner.totalBytes(), 16));
        for (const Placement &p : m_items)
            *p.target = {buffer->range(m_planner.offset(p.handle), bytesOf(p.shape)), p.shape};
        return buffer;
    }
    uint64_t total() const { return m_planner.totalBytes(); }
    uint64_t unshared() const { return m_planner.unsharedBytes(); }

private:
    MemoryPlanner m_planner;
    std::vector<Placement> m_items;
};

} // namespace

void checkBindable(const vk::Context &context, const std::string &what, const Dims &shape, int batch)
{
    const uint64_t limit = context.device().maxStorageBufferRange;
    if (bytesOf(shape) <= limit)
        return;
    const uint64_t fits = limit / (bytesOf(shape) / uint64_t(batch));
    throw PlanError(what + " " + formatTuple(shape) + " takes " + vk::formatBytes(bytesOf(shape)) +
                    ", more than this device binds at once (" + vk::formatBytes(limit) + "): " +
                    (fits ? "use a batch of at most " + std::to_string(fits) + ", or a smaller input"
                          : "one sample is already too large; make the input smaller or reduce it earlier "
                            "(pooling, strides, fewer filters)"));
}


std::pair<uint64_t, uint64_t> allocatePlanMemory(Plan::Impl &m, const PlanConfig &config, const Dims &sample,
                                                 int classes)
{
    vk::Context &context = m.context;
    const uint64_t alignment = std::max<uint64_t>(16, context.device().minStorageBufferOffsetAlignment);
    const int n = int(m.nodes.size());
    const int end = 2 * n + 1;
    auto backwardTime = [n](int i) { return 2 * n - i; };

    // Activations and workspaces.
    std::vector<int> lastUse(size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        lastUse[size_t(i)] = config.training || i == m.output ? end : i;
        for (int producer : m.nodes[size_t(i)].producers) {
            const int root = m.nodes[size_t(producer)].root;
            lastUse[size_t(root)] = std::max(lastUse[size_t(root)], i);
        }
    }
    Arena activations(alignment);
    for (int i = 0; i < n; ++i) {
        Plan::NodeProgram &p = m.nodes[size_t(i)];
        if (p.root == i && !p.isInput)
            activations.add(&p.output, p.shape, bytesOf(p.shape), i, lastUse[size_t(i)]);
        if (p.op) {
            const uint64_t workspace = std::max(p.op->workspaceBytes(), p.evalOp ? p.evalOp->workspaceBytes() : 0);
            activations.add(&p.workspace, {int64_t((workspace + 3) / 4)}, workspace, i,
                            config.training ? backwardTime(i) : i);
        }
    }

    // Gradients: d output of each node, and the per-consumer parts of the ones summed.
    Arena gradients(alignment);
    if (config.training) {
        // Which slot holds each node's gradient, and when each slot is touched.
        std::vector<ops::DeviceTensor *> slotOf(size_t(n), nullptr);
        std::vector<std::pair<int, int>> lifetime(size_t(n), {end, 0});
        std::vector<std::vector<std::pair<int, int>>> consumers(static_cast<size_t>(n)); // (consumer, port)
        for (int i = 0; i < n; ++i)
            for (size_t port = 0; port < m.nodes[size_t(i)].producers.size(); ++port)
                consumers[size_t(m.nodes[size_t(i)].producers[port])].push_back({i, int(port)});
        auto touch = [&](int owner, int time) {
            lifetime[size_t(owner)].first = std::min(lifetime[size_t(owner)].first, time);
            lifetime[size_t(owner)].second = std::max(lifetime[size_t(owner)].second, time);
        };
        std::vector<int> owner(size_t(n), -1); // the node whose allocation holds node i's gradient
        for (int i = n - 1; i >= 0; --i) {
            Plan::NodeProgram &p = m.nodes[size_t(i)];
            p.inputGradients.assign(p.producers.size(), {});
            if (!p.needsGradient)
                continue;
            const auto &uses = consumers[size_t(i)];
            const bool viewOnly = uses.size() == 1 && m.nodes[size_t(uses[0].first)].op->isView();
            owner[size_t(i)] = viewOnly ? owner[size_t(uses[0].first)] : i;
            touch(owner[size_t(i)], backwardTime(i));
            if (i == m.output)
                touch(i, n); // the loss writes it
            for (const auto &[consumer, port] : uses)
                touch(owner[size_t(i)], backwardTime(consumer));
        }
        for (int i = 0; i < n; ++i)
            if (owner[size_t(i)] == i) {
                Plan::NodeProgram &p = m.nodes[size_t(i)];
                gradients.add(&p.gradient, p.shape, bytesOf(p.shape), lifetime[size_t(i)].first,
                              lifetime[size_t(i)].second);
            }
        // Parts of summed gradients: written by their consumer, read by the sum before
        // the producer's backward pass.
        for (int i = 0; i < n; ++i) {
            const Plan::NodeProgram &p = m.nodes[size_t(i)];
            if (!p.needsGradient || consumers[size_t(i)].size() < 2)
                continue;
            GradientSum sum{i, {}};
            sum.parts.resize(consumers[size_t(i)].size());
            m.sums.push_back(sum);
        }
        for (GradientSum &sum : m.sums) {
            const Plan::NodeProgram &p = m.nodes[size_t(sum.node)];
            const auto &uses = consumers[size_t(sum.node)];
            for (size_t k = 0; k < uses.size(); ++k)
                if (!m.nodes[size_t(uses[k].first)].op->isView())
                    gradients.add(&sum.parts[k], p.shape, bytesOf(p.shape), backwardTime(uses[k].first),
                                  backwardTime(sum.node));
        }
        m.gradients = gradients.allocate(context);
        // Now that slots have ranges, point every gradient and every consumer's output
        // of input gradient at them.
        for (int i = 0; i < n; ++i)
            if (owner[size_t(i)] >= 0 && owner[size_t(i)] != i)
                m.nodes[size_t(i)].gradient = {m.nodes[size_t(owner[size_t(i)])].gradient.range, m.nodes[size_t(i)].shape};
        for (GradientSum &sum : m.sums) {
            const auto &uses = consumers[size_t(sum.node)];
            for (size_t k = 0; k < uses.size(); ++k)
                if (m.nodes[size_t(uses[k].first)].op->isView())
                    sum.parts[k] = {m.nodes[size_t(uses[k].first)].gradient.range, m.nodes[size_t(sum.node)].shape};
        }
        for (int i = 0; i < n; ++i) {
            Plan::NodeProgram &p = m.nodes[size_t(i)];
            if (!p.needsGradient)
                continue;
            const bool isView = p.op && p.op->isView();
            for (size_t port = 0; port < p.producers.size(); ++port) {
                const int producer = p.producers[port];
                const Plan::NodeProgram &from = m.nodes[size_t(producer)];
                if (!from.needsGradient)
                    continue;
                if (isView) {
                    p.inputGradients[port] = {p.gradient.range, from.shape};
                    continue;
                }
                const auto &uses = consumers[size_t(producer)];
                if (uses.size() == 1) {
                    p.inputGradients[port] = from.gradient;
                    continue;
                }
                for (GradientSum &sum : m.sums)
                    if (sum.node == producer)
                        for (size_t k = 0; k < uses.size(); ++k)
                            if (uses[k] == std::pair<int, int>{i, int(port)})
                                p.inputGradients[port] = sum.parts[k];
            }
        }
    }

    m.activations = activations.allocate(context);
    for (int i = 0; i < n; ++i) {
        Plan::NodeProgram &p = m.nodes[size_t(i)];
        if (p.root != i && !m.nodes[size_t(p.root)].isInput)
            p.output = {m.nodes[size_t(p.root)].output.range, p.shape};
    }

    // Weights, their gradients and the optimizer's state: whole-run lifetimes.
    m.weights = zeroedBuffer(context, m.weightFloats * sizeof(float));
    if (config.training) {
        // Zeroed: the gradients' padding between weights is never written, and the
        // optimizer starts from zero state.
        m.weightGradients = zeroedBuffer(context, m.trainableFloats * sizeof(float));
        m.optimizerState = zeroedBuffer(context, m.optimizer->stateBytes());
        if (config.accumulate)
            m.gradientSum = zeroedBuffer(context, m.trainableFloats * sizeof(float));
    }
    for (const WeightSlot &w : m.weightSlots) {
        Plan::NodeProgram &p = m.at(w.node);
        const uint64_t offset = w.offset * sizeof(float), bytes = bytesOf(w.shape);
        p.weights[w.name] = {m.weights->range(offset, bytes), w.shape};
        if (config.training && w.trainable)
            p.weightGradients[w.name] = {m.weightGradients->range(offset, bytes), w.shape};
    }

    // Inputs, labels, the step parameters, metrics, predictions and scratch.
    Arena io(alignment);
    Dims inputShape{int64_t(config.batch)};
    inputShape.insert(inputShape.end(), sample.begin(), sample.end());
    for (int slot = 0; slot < 2; ++slot) {
        io.add(&m.inputSlots[size_t(slot)], inputShape, bytesOf(inputShape), 0, end);
        io.add(&m.labelSlots[size_t(slot)], {config.batch}, uint64_t(config.batch) * 4, 0, end);
    }
    io.add(&m.step, {4}, sizeof(ops::StepParams), 0, end);
    io.add(&m.share, {2}, sizeof(MicroBatchShare), 0, end);
    io.add(&m.metrics, {int64_t(m.loss->metricsBytes() / 4)}, m.loss->metricsBytes(), 0, end);
    io.add(&m.lossSamples, {int64_t(m.loss->samplesBytes() / 4)}, m.loss->samplesBytes(), 0, end);
    io.add(&m.probabilities, {config.batch, classes}, uint64_t(config.batch * classes) * 4, 0, end);
    const uint64_t scratch = m.optimizer ? m.optimizer->scratchBytes() : 16;
    io.add(&m.scratch, {int64_t(scratch / 4)}, scratch, 0, end);
    m.io = io.allocate(context);

    const uint64_t fixed = m.weights->size() + (m.weightGradients ? m.weightGradients->size() : 0) +
                           (m.optimizerState ? m.optimizerState->size() : 0) +
                           (m.gradientSum ? m.gradientSum->size() : 0) + m.io->size();
    return {activations.total() + gradients.total() + fixed, activations.unshared() + gradients.unshared() + fixed};
}

} // namespace volnet::train
