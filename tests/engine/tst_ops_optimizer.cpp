// The device optimizers against the CPU reference (ref/optimizer.h, Keras's update rules
// in double): several steps of each kind, with and without global-norm clipping.
// Tolerance 1e-5 of the weights' scale: the device works in float32 (about 6e-8
// relative per operation) and a few steps compound a few dozen such roundings.
#include "ops/optimizer.h"
#include "ref/optimizer.h"
#include "vk/buffer.h"
#include "vk/context.h"
#include "vk/recorder.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace volnet;

Q_DECLARE_METATYPE(ops::OptimizerConfig)

class TestOptimizer : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<vk::Context> m_context;

private slots:
    void initTestCase() { m_context = std::make_unique<vk::Context>(); }

    void matchesReference_data()
    {
        QTest::addColumn<ops::OptimizerConfig>("config");
        QTest::addColumn<double>("learningRate");
        using K = ops::OptimizerKind;
        QTest::newRow("sgd") << ops::OptimizerConfig{K::Sgd} << 0.1;
        QTest::newRow("sgd momentum") << ops::OptimizerConfig{K::Sgd, 0.9} << 0.05;
        QTest::newRow("sgd nesterov") << ops::OptimizerConfig{K::Sgd, 0.9, true} << 0.05;
        QTest::newRow("adam") << ops::OptimizerConfig{K::Adam} << 0.001;
        QTest::newRow("adamw") << ops::OptimizerConfig{K::AdamW} << 0.01;
        ops::OptimizerConfig clipped{K::Adam};
        clipped.clipNorm = 0.5;
        QTest::newRow("adam clipped") << clipped << 0.01;
        ops::OptimizerConfig sgdClipped{K::Sgd};
        sgdClipped.clipNorm = 1e6; // above the norm: no effect
        QTest::newRow("sgd clip not reached") << sgdClipped << 0.1;
    }
    void matchesReference()
    {
        QFETCH(ops::OptimizerConfig, config);
        QFETCH(double, learningRate);
        const size_t n = 1237; // not a multiple of the workgroup size
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> u(-1, 1);
        std::vector<float> w(n), g(n);
        for (size_t i = 0; i < n; ++i)
            w[i] = u(rng);

        ops::DeviceOptimizer optimizer(*m_context, config, n);
        vk::Buffer weights(*m_context, n * 4), grads(*m_context, n * 4);
        vk::Buffer state(*m_context, std::max<uint64_t>(4, optimizer.stateBytes()));
        vk::Buffer scratch(*m_context, optimizer.scratchBytes()), step(*m_context, sizeof(ops::StepParams));
        weights.upload(std::span<const float>(w));
        std::vector<float> zeros(state.size() / 4, 0.0f);
        state.upload(std::span<const float>(zeros));
        vk::Recorder recorder(*m_context);
        optimizer.recordUpdate(recorder, weights.whole(), grads.whole(),
                               optimizer.stateBytes() ? state.whole() : vk::BufferRange{}, scratch.whole(),
                               step.whole());

        std::vector<double> refWeights(w.begin(), w.end());
        std::vector<double> refState(n * size_t(ops::stateFloatsPerParameter(config)), 0.0);
        for (uint32_t iteration = 0; iteration < 4; ++iteration) {
            for (float &v : g)
                v = u(rng);
            const ops::StepParams params{0, iteration, float(learningRate),
                                         ops::adamCorrection(config.beta1, config.beta2, iteration)};
            grads.upload(std::span<const float>(g));
            step.upload(&params, sizeof params);
            recorder.submitAndWait(); // the same recording replayed, as the trainer does
            ref::optimizerStep(config, params, refWeights, std::vector<double>(g.begin(), g.end()), refState);
        }
        const std::vector<float> got = weights.readback<float>(n);
        double maxDiff = 0, scale = 0;
        for (size_t i = 0; i < n; ++i) {
            maxDiff = std::max(maxDiff, std::abs(double(got[i]) - refWeights[i]));
            scale = std::max(scale, std::abs(refWeights[i]));
        }
        QVERIFY2(maxDiff <= 1e-5 * scale, qPrintable(QString("max difference %1").arg(maxDiff)));
        // The weights did move: a test of a no-op would pass the comparison too.
        QVERIFY(std::abs(double(got[0]) - double(w[0])) > 1e-6);
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_context->validationMessageCount(), uint64_t(0));
        m_context.reset();
    }
};

QTEST_APPLESS_MAIN(TestOptimizer)
#include "tst_ops_optimizer.moc"
