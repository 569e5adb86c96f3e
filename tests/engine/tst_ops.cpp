// One harness for every op (in the spirit of ggml's test-backend-ops): each block's
// Vulkan forward and backward passes against the CPU reference, on random
// configurations from op_cases.h, with the validation layer on when VOLNET_VALIDATION=1.
//
// Tolerance: max |device - reference| / max |reference| <= 1e-4 per tensor. Both sides
// compute in float32 but sum in different orders (the device in parallel partial sums),
// so they differ by a few ulps of the largest partial sums; for our sizes (sums of at
// most a few hundred terms of magnitude ~1) that is ~1e-6 of the tensor's scale, and
// 1e-4 leaves room for tanh/exp implementations, which differ by a few ulps between the
// driver's and glibc's.
#include "op_cases.h"

#include "ops/device_op.h"
#include "ops/random.h"
#include "vk/buffer.h"
#include "vk/context.h"
#include "vk/recorder.h"

#include <QtTest>

#include <memory>
#include <sstream>

using namespace volnet;
using namespace volnet::testing;

namespace {

// 20 random configurations per block; VOLNET_OP_CASES lowers it for the sanitizer build,
// where lavapipe's pipeline compilation under ASan makes each case ~10 times slower and
// the host code paths are the same for every configuration.
int casesPerBlock()
{
    const int fromEnvironment = qEnvironmentVariableIntValue("VOLNET_OP_CASES");
    return fromEnvironment > 0 ? fromEnvironment : 20;
}
constexpr double kTolerance = 1e-4;

Tensor randomTensor(const Dims &shape, std::mt19937_64 &rng, float scale = 1.0f)
{
    std::uniform_real_distribution<float> u(-scale, scale);
    Tensor t(shape);
    for (float &v : t.values())
        v = u(rng);
    return t;
}

// A device buffer holding one tensor; empty tensors get a 4-byte buffer so ranges exist.
struct DeviceCopy {
    std::unique_ptr<vk::Buffer> buffer;
    ops::DeviceTensor tensor;
};

DeviceCopy upload(vk::Context &context, const Tensor &t)
{
    DeviceCopy copy;
    const uint64_t bytes = std::max<uint64_t>(4, uint64_t(t.size()) * sizeof(float));
    copy.buffer = std::make_unique<vk::Buffer>(context, bytes);
    if (t.size() > 0)
        copy.buffer->upload(t.data(), uint64_t(t.size()) * sizeof(float));
    copy.tensor = {copy.buffer->range(0, uint64_t(t.size()) * sizeof(float)), t.shape()};
    return copy;
}

DeviceCopy allocate(vk::Context &context, const Dims &shape)
{
    return upload(context, Tensor(shape, 0.0f));
}


Tensor download(const DeviceCopy &copy)
{
    Tensor t(copy.tensor.shape);
    if (t.size() > 0)
        copy.buffer->readback(t.data(), uint64_t(t.size()) * sizeof(float));
    return t;
}

std::string describe(const OpCase &c)
{
    std::ostringstream s;
    s << c.node.type << (c.mode == ref::Mode::Training ? " [training]" : "") << " inputs";
    for (const Dims &d : c.inputs)
        s << " " << formatTuple(d);
    for (const auto &[name, value] : c.node.params)
        s << " " << name << "=" << formatParam(value);
    return s.str();
}

} // namespace

class TestOps : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<vk::Context> m_context;

    // Runs one case on both sides; returns "" when they agree, else what differs.
    std::string runCase(const OpCase &c, uint64_t seed)
    {
        std::mt19937_64 rng(seed);
        const ref::Signature sig = ref::signature(c.node, c.inputs);
        std::vector<Tensor> inputs;
        for (const Dims &shape : c.inputs)
            inputs.push_back(randomTensor(shape, rng));
        ref::TensorMap<float> weights;
        for (const WeightSpec &w : sig.weights) {
            Tensor t = randomTensor(w.shape, rng, 0.5f);
            if (w.name == "moving_variance")
                for (float &v : t.values())
                    v = 0.5f + std::abs(v); // a variance is positive
            weights[w.name] = t;
        }
        const uint32_t stepSeed = uint32_t(rng());
        const ref::Options options{c.mode, ops::nodeSeed(stepSeed, c.node.id)};
        const ref::Forward<float> expected = ref::forward(c.node, inputs, weights, options);
        const Tensor outputGradient = randomTensor(sig.output, rng);
        const ref::Backward<float> expectedGrad = ref::backward(c.node, inputs, weights, outputGradient, options);

        auto op = ops::createDeviceOp({*m_context, c.node, c.inputs, sig.output, c.mode});
        std::vector<DeviceCopy> keep; // every buffer of the case, alive until it ends
        auto hold = [&](DeviceCopy copy) {
            keep.push_back(std::move(copy));
            return keep.size() - 1;
        };
        std::vector<size_t> inputAt, inputGradAt;
        std::map<std::string, size_t> weightAt, weightGradAt;
        for (const Tensor &in : inputs)
            inputAt.push_back(hold(upload(*m_context, in)));
        for (const auto &[name, w] : weights)
            weightAt[name] = hold(upload(*m_context, w));
        for (const Dims &shape : c.inputs)
            inputGradAt.push_back(hold(allocate(*m_context, shape)));
        for (const WeightSpec &w : sig.weights)
            if (w.trainable)
                weightGradAt[w.name] = hold(allocate(*m_context, w.shape));
        const size_t outputAt = hold(allocate(*m_context, sig.output));
        const size_t gradientAt = hold(upload(*m_context, outputGradient));
        const size_t workspaceAt = hold(allocate(*m_context, {int64_t(op->workspaceBytes() / sizeof(float))}));
        const size_t stepAt = hold(allocate(*m_context, {1}));
        keep[stepAt].buffer->upload(&stepSeed, sizeof stepSeed);

        ops::OpTensors t;
        for (size_t i : inputAt)
            t.inputs.push_back(keep[i].tensor);
        for (const auto &[name, i] : weightAt)
            t.weights[name] = keep[i].tensor;
        for (size_t i : inputGradAt)
            t.inputGradients.push_back(keep[i].tensor);
        for (const auto &[name, i] : weightGradAt)
            t.weightGradients[name] = keep[i].tensor;
        t.output = keep[outputAt].tensor;
        t.outputGradient = keep[gradientAt].tensor;
        t.workspace = keep[workspaceAt].tensor;
        t.step = keep[stepAt].tensor;
        // A view's output is its input's bytes, and so are the gradients, as the plan binds them.
        const size_t producedAt = op->isView() ? inputAt.front() : outputAt;
        const size_t inputGradientAt = op->isView() ? gradientAt : inputGradAt.front();
        if (op->isView()) {
            t.output = {t.inputs.front().range, sig.output};
            t.inputGradients.front() = {t.outputGradient.range, c.inputs.front()};
        }

        std::ostringstream problems;
        auto compare = [&](const std::string &what, const Tensor &actual, const Tensor &want) {
            const double err = relativeError(actual.reshaped(want.shape()), want);
            if (!(err <= kTolerance))
                problems << what << ": relative error " << err << "; ";
        };
        vk::Recorder forward(*m_context);
        op->recordForward(forward, t);
        forward.submitAndWait();
        compare("output", download(keep[producedAt]), expected.output);
        for (const auto &[name, updated] : expected.updated)
            compare("updated " + name, download(keep[weightAt.at(name)]), updated);

        vk::Recorder backward(*m_context);
        op->recordBackward(backward, t);
        backward.submitAndWait();
        for (size_t i = 0; i < inputs.size(); ++i)
            compare("d input " + std::to_string(i), download(keep[i == 0 ? inputGradientAt : inputGradAt[i]]),
                    expectedGrad.inputs[i]);
        for (const auto &[name, grad] : expectedGrad.weights)
            compare("d " + name, download(keep[weightGradAt.at(name)]), grad);
        return problems.str();
    }

    // Runs `wanted` configurations drawn by `generate` from `seed`, drawing again where
    // the shape rules reject one.
    void checkCases(const CaseGenerator &generate, uint64_t seed, int wanted)
    {
        CaseDraw draw(seed);
        int done = 0;
        for (int attempt = 0; done < wanted && attempt < 50 * wanted; ++attempt) {
            const OpCase c = generate(draw);
            try {
                ref::signature(c.node, c.inputs);
            } catch (const std::invalid_argument &) {
                continue;
            }
            const std::string problems = runCase(c, uint64_t(attempt));
            QVERIFY2(problems.empty(), (describe(c) + ": " + problems).c_str());
            ++done;
        }
        QCOMPARE(done, wanted);
    }

private slots:
    void initTestCase()
    {
        m_context = std::make_unique<vk::Context>();
        qInfo("device: %s", m_context->device().name.c_str());
    }

    void everyBlockHasAnOp()
    {
        for (const BlockSpec &b : blockRegistry())
            if (b.type != "Input")
                QVERIFY2(ops::hasDeviceOp(b.type) && caseGenerators().count(b.type), b.type.c_str());
    }

    void deviceMatchesReference_data()
    {
        QTest::addColumn<QString>("type");
        for (const auto &[type, generate] : caseGenerators())
            QTest::newRow(type.c_str()) << QString::fromStdString(type);
    }
    void deviceMatchesReference()
    {
        QFETCH(QString, type);
        const std::string name = type.toStdString();
        checkCases(caseGenerators().at(name), std::hash<std::string>{}(name) & 0xffff, casesPerBlock());
    }

    void wideDeviceMatchesReference_data()
    {
        QTest::addColumn<QString>("type");
        for (const auto &[type, generate] : wideCaseGenerators())
            QTest::newRow(type.c_str()) << QString::fromStdString(type);
    }
    // Fewer cases than above: each is larger, and their host paths are the same.
    void wideDeviceMatchesReference()
    {
        QFETCH(QString, type);
        const std::string name = type.toStdString();
        checkCases(wideCaseGenerators().at(name), (std::hash<std::string>{}(name) & 0xffff) + 1,
                   std::min(6, casesPerBlock()));
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_context->validationMessageCount(), uint64_t(0));
        m_context.reset();
    }
};

QTEST_APPLESS_MAIN(TestOps)
#include "tst_ops.moc"
