// The device loss (ops/loss.h) against the reference (ref/loss.h): each row's loss and
// predicted class, the gradient, and the metrics buffer accumulated over replays of one
// recording and reset, as the trainer uses them. The validation layer must stay silent.
#include "ops/loss.h"
#include "ref/loss.h"
#include "vk/buffer.h"
#include "vk/context.h"
#include "vk/recorder.h"

#include <QtTest>

#include <bit>
#include <cmath>
#include <random>

using namespace volnet;

namespace {

// Buffers of one batch, on the device.
struct Batch {
    Batch(vk::Context &context, const ops::SoftmaxCrossEntropy &loss)
        : logits(context, loss.rows() * loss.classes() * 4), labels(context, loss.rows() * 4),
          samples(context, loss.samplesBytes()), metrics(context, loss.metricsBytes()),
          gradient(context, loss.rows() * loss.classes() * 4)
    {
    }
    vk::Buffer logits, labels, samples, metrics, gradient;
};

ops::LossMetrics readMetrics(const ops::SoftmaxCrossEntropy &loss, const vk::Buffer &metrics)
{
    const std::vector<uint32_t> words = metrics.readback<uint32_t>(loss.metricsBytes() / 4);
    return loss.decodeMetrics(words);
}

int64_t firstArgmax(const float *row, int64_t classes)
{
    int64_t best = 0;
    for (int64_t k = 1; k < classes; ++k)
        if (row[k] > row[best])
            best = k;
    return best;
}

} // namespace

class TestOpsLoss : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<vk::Context> m_context;

private slots:
    void initTestCase() { m_context = std::make_unique<vk::Context>(); }

    void matchesReference_data()
    {
        QTest::addColumn<Dims>("shape");
        QTest::addColumn<float>("scale");
        QTest::addColumn<bool>("ties");
        QTest::newRow("batch 4, 3 classes") << Dims{4, 3} << 2.0f << false;
        QTest::newRow("one class") << Dims{5, 1} << 2.0f << false;
        QTest::newRow("rows over time") << Dims{2, 3, 7} << 2.0f << false;
        QTest::newRow("logits that overflow exp") << Dims{6, 5} << 200.0f << false;
        QTest::newRow("tied logits") << Dims{9, 4} << 1.0f << true;
        QTest::newRow("more rows than a workgroup") << Dims{131, 10} << 3.0f << false;
        QTest::newRow("more classes than a workgroup") << Dims{3, 150} << 3.0f << false;
    }
    void matchesReference()
    {
        QFETCH(Dims, shape);
        QFETCH(float, scale);
        QFETCH(bool, ties);
        const int64_t classes = shape.back(), rows = elementCount(shape) / classes;
        std::mt19937 rng(uint32_t(rows * 1000 + classes));
        std::uniform_real_distribution<float> u(-scale, scale);
        Tensor logits(shape);
        for (float &v : logits.values())
            v = ties ? std::round(u(rng)) : u(rng); // few distinct values: many tied maxima
        std::vector<int64_t> labels(static_cast<size_t>(rows));
        for (int64_t &l : labels)
            l = std::uniform_int_distribution<int64_t>(0, classes - 1)(rng);
        const ref::LossResult<double> expected = ref::softmaxCrossEntropy(logits.cast<double>(), labels);

        ops::SoftmaxCrossEntropy loss(*m_context, uint64_t(rows), uint64_t(classes));
        Batch b(*m_context, loss);
        b.logits.upload(logits.data(), uint64_t(logits.size()) * 4);
        const std::vector<uint32_t> labelWords(labels.begin(), labels.end());
        b.labels.upload(std::span<const uint32_t>(labelWords));

        vk::Recorder reset(*m_context), step(*m_context);
        loss.recordResetMetrics(reset, b.metrics.whole());
        loss.recordForward(step, b.logits.whole(), b.labels.whole(), b.samples.whole(), b.metrics.whole());
        loss.recordBackward(step, b.logits.whole(), b.labels.whole(), b.gradient.whole());
        reset.submitAndWait();
        step.submitAndWait();
        step.submitAndWait(); // a replayed step adds to the metrics again

        // Each row: its loss against a double-precision one, its prediction exactly.
        const std::vector<uint32_t> samples = b.samples.readback<uint32_t>(size_t(rows) * 2);
        std::vector<uint64_t> confusion(size_t(classes * classes), 0);
        uint64_t correct = 0;
        double lossSum = 0;
        for (int64_t r = 0; r < rows; ++r) {
            const float *z = logits.data() + r * classes;
            double top = z[0], sum = 0;
            for (int64_t k = 0; k < classes; ++k)
                top = std::max(top, double(z[k]));
            for (int64_t k = 0; k < classes; ++k)
                sum += std::exp(double(z[k]) - top);
            const double rowLoss = top + std::log(sum) - z[labels[size_t(r)]];
            const float got = std::bit_cast<float>(samples[size_t(2 * r)]);
            QVERIFY2(std::abs(got - rowLoss) <= 1e-5 * std::max(1.0, std::abs(rowLoss)),
                     qPrintable(QString("row %1: loss %2, expected %3").arg(r).arg(got).arg(rowLoss)));
            const int64_t predicted = firstArgmax(z, classes);
            QCOMPARE(int64_t(samples[size_t(2 * r + 1)]), predicted);
            correct += predicted == labels[size_t(r)];
            ++confusion[size_t(labels[size_t(r)] * classes + predicted)];
            lossSum += rowLoss;
        }

        const ops::LossMetrics m = readMetrics(loss, b.metrics);
        QCOMPARE(m.rows, uint64_t(2 * rows));
        QCOMPARE(m.correct, 2 * correct);
        for (uint64_t &c : confusion)
            c *= 2;
        QCOMPARE(m.confusion, confusion);
        QVERIFY2(std::abs(m.lossSum - 2 * lossSum) <= 1e-5 * std::max(1.0, 2 * lossSum),
                 qPrintable(QString("loss sum %1, expected %2").arg(m.lossSum).arg(2 * lossSum)));
        QVERIFY(std::abs(m.meanLoss() - expected.loss) <= 1e-5 * std::max(1.0, expected.loss));

        Tensor gradient(shape);
        b.gradient.readback(gradient.data(), uint64_t(gradient.size()) * 4);
        const double err = relativeError(gradient, expected.gradient.cast<float>());
        QVERIFY2(err <= 1e-5, qPrintable(QString("gradient: relative error %1").arg(err)));

        reset.submitAndWait();
        const ops::LossMetrics cleared = readMetrics(loss, b.metrics);
        QCOMPARE(cleared.rows, uint64_t(0));
        QCOMPARE(cleared.correct, uint64_t(0));
        QCOMPARE(cleared.lossSum, 0.0);
        QCOMPARE(cleared.confusion, std::vector<uint64_t>(size_t(classes * classes), 0));
    }

    // Many small losses after a large one: the compensated sum keeps what a plain float
    // sum would round away (each is below half a unit in the last place of the total).
    void lossSumIsCompensated()
    {
        const uint64_t rows = 64, classes = 2, steps = 2000;
        ops::SoftmaxCrossEntropy loss(*m_context, rows, classes);
        Batch b(*m_context, loss);
        const std::vector<uint32_t> labels(rows, 0);
        b.labels.upload(std::span<const uint32_t>(labels));
        vk::Recorder reset(*m_context), step(*m_context);
        loss.recordResetMetrics(reset, b.metrics.whole());
        loss.recordForward(step, b.logits.whole(), b.labels.whole(), b.samples.whole(), b.metrics.whole());
        reset.submitAndWait();
        // The sum expected is that of the device's own row losses: this checks the sum only.
        auto run = [&](float secondLogit, uint64_t times) {
            std::vector<float> logits(rows * classes, 0.0f);
            for (uint64_t r = 0; r < rows; ++r)
                logits[2 * r + 1] = secondLogit; // label 0: loss log(1 + e^secondLogit)
            b.logits.upload(std::span<const float>(logits));
            for (uint64_t s = 0; s < times; ++s)
                step.submitAndWait();
            const std::vector<float> samples = b.samples.readback<float>(2 * rows);
            double sum = 0;
            for (uint64_t r = 0; r < rows; ++r)
                sum += samples[2 * r];
            return sum * double(times);
        };
        const double large = run(2000.0f, 1);
        const double small = run(-12.0f, steps);
        QVERIFY(small / double(rows * steps) < 1e-5);
        const ops::LossMetrics m = readMetrics(loss, b.metrics);
        QCOMPARE(m.rows, rows * (steps + 1));
        QVERIFY2(
            std::abs(m.lossSum - (large + small)) <= 1e-6 * large,
            qPrintable(QString("loss sum %1, expected %2").arg(m.lossSum, 0, 'g', 10).arg(large + small, 0, 'g', 10)));
    }

    // A label out of range (a loader bug) gives a NaN loss and no confusion entry, and
    // reads nothing out of bounds (the validation layer would say so).
    void labelOutOfRange()
    {
        ops::SoftmaxCrossEntropy loss(*m_context, 2, 3);
        Batch b(*m_context, loss);
        const std::vector<float> logits{1, 2, 3, 3, 2, 1};
        const std::vector<uint32_t> labels{2, 7};
        b.logits.upload(std::span<const float>(logits));
        b.labels.upload(std::span<const uint32_t>(labels));
        vk::Recorder rec(*m_context);
        loss.recordResetMetrics(rec, b.metrics.whole());
        loss.recordForward(rec, b.logits.whole(), b.labels.whole(), b.samples.whole(), b.metrics.whole());
        rec.submitAndWait();
        const std::vector<float> samples = b.samples.readback<float>(4);
        QVERIFY(std::isfinite(samples[0]));
        QVERIFY(std::isnan(samples[2]));
        const ops::LossMetrics m = readMetrics(loss, b.metrics);
        QCOMPARE(m.correct, uint64_t(1));
        QCOMPARE(m.confusion, (std::vector<uint64_t>{0, 0, 0, 0, 0, 0, 0, 0, 1}));
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_context->validationMessageCount(), uint64_t(0));
        m_context.reset();
    }
};

QTEST_APPLESS_MAIN(TestOpsLoss)
#include "tst_ops_loss.moc"
