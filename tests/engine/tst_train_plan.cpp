// The compiled plan: memory shared only between tensors whose lifetimes do not overlap,
// gradient sums for tensors with several consumers, inference on a template, and clear
// refusals of graphs it cannot run.
#include "graph/graph_json.h"
#include "ops/init.h"
#include "train/memory_planner.h"
#include "train/plan.h"
#include "vk/context.h"
#include "vk/recorder.h"

#include "graph_builder.h"

#include <QtTest>

#include <set>

using namespace volnet;
using namespace volnet::testing;

class TestTrainPlan : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<vk::Context> m_context;

private slots:
    void initTestCase() { m_context = std::make_unique<vk::Context>(); }

    void plannerSharesOnlyDisjointLifetimes()
    {
        train::MemoryPlanner planner(16);
        const int a = planner.add(100, 0, 2);
        const int b = planner.add(50, 1, 3);  // overlaps a
        const int c = planner.add(100, 3, 5); // after a: may take a's bytes
        const int d = planner.add(0, 0, 5);
        planner.place();
        auto overlaps = [&](int x, uint64_t xs, int y, uint64_t ys) {
            return planner.offset(x) < planner.offset(y) + ys && planner.offset(y) < planner.offset(x) + xs;
        };
        QVERIFY(!overlaps(a, 112, b, 64));
        QVERIFY(!overlaps(b, 64, c, 112));
        QCOMPARE(planner.offset(a) % 16, uint64_t(0));
        QCOMPARE(planner.offset(b) % 16, uint64_t(0));
        QCOMPARE(planner.offset(c), planner.offset(a)); // the largest free hole at time 3
        QVERIFY(planner.totalBytes() < planner.unsharedBytes());
        QVERIFY(planner.offset(d) <= planner.totalBytes());
    }

    void refusesWhatItCannotRun()
    {
        GraphBuilder notClassifier;
        notClassifier.add("Input", {{"shape", tup({4, 8, 8, 1})}});
        notClassifier.add("Conv3D", {{"filters", int64_t(2)}, {"padding", word("same")}});
        try {
            train::Plan plan(*m_context, notClassifier.graph, {});
            QFAIL("a plan was built for a graph without class scores");
        } catch (const train::PlanError &e) {
            QVERIFY2(QString(e.what()).contains("one score per class"), e.what());
        }
        GraphBuilder relu;
        relu.add("Input", {{"shape", tup({6})}});
        relu.add("Dense", {{"units", int64_t(3)}, {"activation", word("relu")}});
        QVERIFY_THROWS_EXCEPTION(train::PlanError, train::Plan(*m_context, relu.graph, {}));
        const GraphLoadResult concat = loadGraphFile(VOLNET_SOURCE_DIR "/resources/templates/seed_concat.json");
        try {
            train::Plan plan(*m_context, concat.graph, {});
            QFAIL("a plan was built for a graph with errors");
        } catch (const train::PlanError &e) {
            QVERIFY2(QString(e.what()).contains("concatenate_1"), e.what());
        }

        // A batch whose Conv3D output is one float past what a descriptor binds: refused
        // before anything is allocated, with the batch that fits.
        GraphBuilder big;
        big.add("Input", {{"shape", tup({4, 16, 16, 1})}});
        big.add("Conv3D", {{"filters", int64_t(4)}, {"padding", word("same")}});
        big.add("GlobalAveragePooling3D");
        big.add("Dense", {{"units", int64_t(2)}, {"activation", word("softmax")}});
        const uint64_t perSample = 4 * 16 * 16 * 4 * sizeof(float);
        const uint64_t fits = m_context->device().maxStorageBufferRange / perSample;
        train::PlanConfig tooBig;
        tooBig.batch = int(fits + 1);
        try {
            train::Plan plan(*m_context, big.graph, tooBig);
            QFAIL("a plan was built with a tensor larger than one binding");
        } catch (const train::PlanError &e) {
            QVERIFY2(QString(e.what()).contains("conv3d_1's output") &&
                         QString(e.what()).contains("use a batch of at most " + QString::number(fits)),
                     e.what());
        }
    }

    void fanOutGradientsAreSummed()
    {
        // x feeds two Dense blocks whose outputs are added: d x is the sum of both paths.
        GraphBuilder b;
        const auto in = b.add("Input", {{"shape", tup({5})}});
        const auto hidden = b.add("Dense", {{"units", int64_t(4)}, {"activation", word("tanh")}}, {in});
        const auto left = b.add("Dense", {{"units", int64_t(3)}}, {hidden});
        const auto right = b.add("Dense", {{"units", int64_t(3)}}, {hidden});
        b.add("Add", {}, {left, right});
        train::PlanConfig config;
        config.batch = 2;
        config.optimizer.kind = ops::OptimizerKind::Sgd;
        train::Plan plan(*m_context, b.graph, config);
        const auto before = initialModelWeights(b.graph, 3);
        plan.setWeights(before);
        const std::vector<float> x = {0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f, 0.7f, -0.8f, 0.9f, 1.0f};
        plan.writeBatch(0, x.data(), {1, 2});
        plan.submitTrain(0, {0, 0, 1.0f, 1.0f});
        plan.wait();
        // The hidden layer's kernel moved: its gradient arrived through the sum.
        const auto after = plan.weights();
        QVERIFY(after.at(hidden + ".kernel").values() != before.at(hidden + ".kernel").values());
        const train::EvalMetrics metrics = plan.readMetrics();
        QCOMPARE(metrics.samples, int64_t(2));
        QVERIFY(std::isfinite(metrics.loss()) && metrics.loss() > 0);
    }

    void microBatchesSumToTheBatchGradient()
    {
        // Two SGD steps with momentum on 3 real rows and a padding row: at batch 4, and as
        // micro-batches of 2 (rows 0 and 1, then row 2 and the padding) whose gradients are
        // summed by their shares of the rows, 2/3 and 1/3.
        GraphBuilder b;
        b.add("Input", {{"shape", tup({5})}});
        b.add("Dense", {{"units", int64_t(4)}, {"activation", word("tanh")}});
        b.add("Dense", {{"units", int64_t(3)}, {"activation", word("softmax")}});
        train::PlanConfig whole;
        whole.batch = 4;
        whole.optimizer.kind = ops::OptimizerKind::Sgd;
        whole.optimizer.momentum = 0.9;
        train::PlanConfig micro = whole;
        micro.batch = 2;
        micro.accumulate = true;
        train::Plan a(*m_context, b.graph, whole), p(*m_context, b.graph, micro);
        a.setWeights(initialModelWeights(b.graph, 5));
        p.setWeights(initialModelWeights(b.graph, 5));
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> u(-1, 1);
        for (uint32_t step = 0; step < 2; ++step) {
            std::vector<float> x(20);
            for (float &v : x)
                v = u(rng);
            std::fill(x.begin() + 15, x.end(), 0.0f); // the padding row
            const std::vector<int32_t> labels{int32_t(step), 2, 1, -1};
            const ops::StepParams params{step, step, 0.5f, 1.0f};
            a.writeBatch(0, x.data(), labels);
            a.submitTrain(0, params);
            a.wait();
            p.writeBatch(0, x.data(), {labels[0], labels[1]});
            p.submitMicroBatch(0, params, 2.0f / 3.0f, true);
            p.writeBatch(1, x.data() + 10, {labels[2], labels[3]});
            p.submitMicroBatch(1, params, 1.0f / 3.0f, false);
            p.submitUpdate(params);
            p.wait();
            const auto expected = a.weights(), actual = p.weights();
            for (const auto &[name, w] : expected) {
                const double err = relativeError(actual.at(name), w);
                QVERIFY2(err < 1e-5, qPrintable(QString("step %1, %2: relative error %3").arg(step).arg(name.c_str()).arg(err)));
            }
        }
        QCOMPARE(p.readMetrics().samples, int64_t(6));
        QVERIFY(std::abs(p.readMetrics().lossSum - a.readMetrics().lossSum) < 1e-4);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, p.submitTrain(0, {}));
    }

    void paddingRowsAreLeftOut()
    {
        GraphBuilder b;
        b.add("Input", {{"shape", tup({3})}});
        b.add("Dense", {{"units", int64_t(2)}, {"activation", word("softmax")}});
        train::PlanConfig config;
        config.batch = 3;
        train::Plan plan(*m_context, b.graph, config);
        plan.setWeights(initialModelWeights(b.graph, 1));
        const std::vector<float> x(9, 0.5f);
        plan.writeBatch(0, x.data(), {0, 1, -1});
        plan.submitEval(0);
        plan.wait();
        QCOMPARE(plan.readMetrics().samples, int64_t(2));
        const Tensor p = plan.readPredictions();
        QCOMPARE(p.shape(), (Dims{3, 2}));
        QVERIFY(std::abs(p[0] + p[1] - 1.0f) < 1e-6f);
    }

    void inferenceSharesActivationMemory()
    {
        const GraphLoadResult g = loadGraphFile(VOLNET_SOURCE_DIR "/resources/templates/dce_demo.json");
        train::PlanConfig config;
        config.batch = 2;
        config.training = false;
        train::Plan plan(*m_context, g.graph, config);
        QVERIFY(plan.deviceBytes() < plan.unsharedBytes());
        QCOMPARE(plan.classes(), 3);
        QCOMPARE(plan.sampleShape(), (Dims{10, 64, 64, 1}));
        plan.setWeights(initialModelWeights(g.graph, 1));
        const std::vector<float> x(size_t(2 * 10 * 64 * 64), 0.25f);
        plan.writeBatch(1, x.data(), {-1, -1});
        plan.submitEval(1);
        plan.wait();
        const Tensor p = plan.readPredictions();
        for (int64_t r = 0; r < 2; ++r)
            QVERIFY(std::abs(p[r * 3] + p[r * 3 + 1] + p[r * 3 + 2] - 1.0f) < 1e-5f);
        QCOMPARE(plan.readActivation("fold_time_1").shape(), (Dims{2, 16, 16, 80}));
    }

    void profileNamesEveryPass()
    {
        if (!m_context->timestamps())
            QSKIP("the device's compute queue has no timestamps");
        const GraphLoadResult g = loadGraphFile(VOLNET_SOURCE_DIR "/resources/templates/dce_demo.json");
        train::PlanConfig config;
        config.batch = 2;
        config.timestamps = true;
        train::Plan plan(*m_context, g.graph, config);
        plan.setWeights(initialModelWeights(g.graph, 1));
        const std::vector<float> x(size_t(2 * 10 * 64 * 64), 0.5f);
        plan.writeBatch(0, x.data(), {0, 2});
        QVERIFY(plan.lastTimings().empty());
        plan.submitTrain(0, {0, 0, 1e-3f, ops::adamCorrection(0.9, 0.999, 0)});
        plan.wait();
        std::set<std::string> sections;
        for (const vk::DispatchTiming &t : plan.lastTimings())
            sections.insert(t.section);
        // Every computing block forward, every block upstream of a weight backward (the
        // first Conv3D too: its kernel's gradient), then the loss and the update.
        for (const char *s : {"conv3d_1 forward", "fold_time_1 forward", "dense_1 forward", "loss", "dense_1 backward",
                              "fold_time_1 backward", "conv3d_1 backward", "optimizer"})
            QVERIFY2(sections.count(s), s);
        QVERIFY(!sections.count("input_1 backward"));
    }

    void cleanupTestCase()
    {
        QCOMPARE(m_context->validationMessageCount(), uint64_t(0));
        m_context.reset();
    }
};

QTEST_APPLESS_MAIN(TestTrainPlan)
#include "tst_train_plan.moc"
