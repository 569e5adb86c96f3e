// One training step of a compiled plan against golden gradients from another framework:
// SGD with learning rate 1 and no momentum changes every trainable weight by exactly minus
// d loss / d weight, so initial - updated must be the gradient that PyTorch computed for the
// same model, weights and batch (tests/fixtures/make_train_fixtures.py, which says how Keras's
// semantics are rebuilt there). The models: the seed's Strategy 1 on a small input, an LSTM
// model and a model with two BatchNormalization blocks, whose moving statistics must also
// move as Keras moves them.
#include "graph/analysis.h"
#include "graph/graph_json.h"
#include "ops/init.h"
#include "tensor/npy.h"
#include "tensor/safetensors.h"
#include "train/plan.h"
#include "vk/context.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace volnet;
using Json = nlohmann::json;

namespace {

const std::filesystem::path kFixtures = VOLNET_SOURCE_DIR "/tests/fixtures/train";

// The golden values are float64 results rounded to float32. The device computes in float32
// (about 6e-8 relative per operation), and its largest sums here are the first kernel's
// gradients, over batch × frames × pixels = 2 × 10 × 16 × 16 = 5120 terms; with the rounding
// of w - g (the generator makes sure that half an ulp of the weights is below 1e-5 of the
// gradients) that stays near 1e-6 of a tensor's largest gradient, 1e-4 leaves a margin of
// ~100, and a wrong tap, gate or batch-statistics term is off by 1e-2 or more. Errors are
// measured against each tensor's largest magnitude (relativeError): float32 rounding grows
// with the magnitudes summed, not with each element.
constexpr double kGradientTolerance = 1e-4;
// The loss comes from the forward pass alone: at most about a thousand terms per sum, with
// no backward pass compounding them.
constexpr double kLossTolerance = 1e-5;
// A moving statistic is old · momentum + batch statistic · (1 - momentum): the batch
// statistic's float32 error (sums of at most 768 terms, ~1e-6 of it at worst) enters scaled
// by 1 - momentum <= 0.1, so the result is within a few roundings (~1e-7) of the truth.
// 1e-6 keeps a margin of ~10 and still tells Keras's biased batch variance from PyTorch's
// unbiased one, which differ by 8.5e-5 in batch_normalization_2 (momentum 0.9).
constexpr double kMovingTolerance = 1e-6;

Tensor loadNpy(const std::filesystem::path &path)
{
    const NpyResult r = readNpy(path.string());
    if (!r.ok)
        throw std::runtime_error(r.error);
    return r.tensor;
}

std::map<std::string, Tensor> loadTensors(const std::filesystem::path &path)
{
    if (!std::filesystem::exists(path))
        return {};
    const TensorFileResult r = readSafetensors(path.string());
    if (!r.ok)
        throw std::runtime_error(r.error);
    return r.file.tensors;
}

// The Keras initialisers with the fixture's seed, then the fixture's own tensors in their place.
std::map<std::string, Tensor> startingWeights(const Graph &graph, const std::filesystem::path &dir, uint64_t seed)
{
    std::map<std::string, Tensor> weights = initialModelWeights(graph, seed);
    for (const auto &[name, value] : loadTensors(dir / "initial.safetensors")) {
        if (!weights.count(name))
            throw std::runtime_error("initial.safetensors holds " + name + ", which the graph does not have");
        weights[name] = value;
    }
    return weights;
}

Tensor difference(const Tensor &a, const Tensor &b)
{
    Tensor d(a.shape());
    for (int64_t i = 0; i < d.size(); ++i)
        d[i] = a[i] - b[i];
    return d;
}

// Runs the fixture's step on the device and compares; QVERIFY and QCOMPARE return from here.
void checkStep(vk::Context &context, const QString &model)
{
    const std::filesystem::path dir = kFixtures / model.toStdString();
    std::ifstream caseFile(dir / "case.json");
    const Json info = Json::parse(caseFile);
    const GraphLoadResult loaded = loadGraphFile((dir / "graph.json").string());
    QVERIFY2(loaded.ok, loaded.error.c_str());

    train::PlanConfig config;
    config.batch = info.at("batch").get<int>();
    config.optimizer.kind = ops::OptimizerKind::Sgd;
    config.optimizer.momentum = 0;
    train::Plan plan(context, loaded.graph, config);

    const std::map<std::string, Tensor> initial = startingWeights(loaded.graph, dir, info.at("seed").get<uint64_t>());
    plan.setWeights(initial);
    const Tensor input = loadNpy(dir / "input.npy");
    Dims batched{config.batch};
    batched.insert(batched.end(), plan.sampleShape().begin(), plan.sampleShape().end());
    QVERIFY2(input.shape() == batched, qPrintable(QString::fromStdString("input " + formatTuple(input.shape()) +
                                                                         ", the plan takes " + formatTuple(batched))));
    const Tensor classes = loadNpy(dir / "labels.npy");
    const std::vector<int32_t> labels(classes.values().begin(), classes.values().end());
    plan.writeBatch(0, input.data(), labels);
    plan.submitTrain(0, ops::StepParams{0, 0, 1.0f, 1.0f});
    plan.wait();

    // Every comparison is made and printed before the verdict, so that a failure shows
    // which weights are off and which are not.
    QStringList failures;
    const train::EvalMetrics metrics = plan.readMetrics();
    QCOMPARE(metrics.samples, int64_t(config.batch));
    const double loss = info.at("loss").get<double>();
    const double lossError = std::abs(metrics.loss() - loss) / loss;
    qInfo("%s loss: relative error %.2g", qPrintable(model), lossError);
    if (!(lossError <= kLossTolerance))
        failures << QString("loss %1, expected %2").arg(metrics.loss(), 0, 'g', 9).arg(loss, 0, 'g', 9);

    const std::map<std::string, Tensor> updated = plan.weights();
    const std::map<std::string, Tensor> gradients = loadTensors(dir / "gradients.safetensors");
    const std::map<std::string, Tensor> moving = loadTensors(dir / "updated.safetensors");
    QCOMPARE(gradients.size() + moving.size(), updated.size());
    for (const auto &[name, after] : updated) {
        const bool trainable = gradients.count(name) > 0;
        QVERIFY2(trainable || moving.count(name), qPrintable(QString::fromStdString(name + " has no golden value")));
        const Tensor &expected = trainable ? gradients.at(name) : moving.at(name);
        const Tensor actual = trainable ? difference(initial.at(name), after) : after;
        const double error = relativeError(actual, expected);
        qInfo("%s %s: relative error %.2g", qPrintable(model), name.c_str(), error);
        if (!(error <= (trainable ? kGradientTolerance : kMovingTolerance)))
            failures << QString("%1: %2 off by %3 of its largest value")
                            .arg(QString::fromStdString(name), trainable ? "gradient" : "moving statistic")
                            .arg(error);
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join("; ")));
}

} // namespace

class TestTrainGradients : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<vk::Context> m_context;

private slots:
    void initTestCase() { m_context = std::make_unique<vk::Context>(); }

    void sgdStepIsMinusTheGradient_data()
    {
        QTest::addColumn<QString>("model");
        for (const char *model : {"seed_pooling", "lstm", "batch_normalization"})
            QTest::newRow(model) << QString(model);
    }

    void sgdStepIsMinusTheGradient()
    {
        QFETCH(QString, model);
        // The plan reports what it cannot compile or record by throwing: a failure of this
        // model, not a reason to abort the others.
        try {
            checkStep(*m_context, model);
        } catch (const std::exception &e) {
            QFAIL(e.what());
        }
    }

    // With VOLNET_VALIDATION=1 any message of the validation layer is a failure.
    void cleanup() { QCOMPARE(m_context->validationMessageCount(), uint64_t(0)); }
};

QTEST_APPLESS_MAIN(TestTrainGradients)
#include "tst_train_gradients.moc"
