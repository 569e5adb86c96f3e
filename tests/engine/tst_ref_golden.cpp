// The CPU reference against golden data made by another framework (PyTorch, with Keras's
// conventions rebuilt around it: tests/fixtures/make_ref_fixtures.py says how), for every
// block in both directions, the loss, and the initial weights.
#include "ops/init.h"
#include "ref/loss.h"
#include "ref/ref_op.h"
#include "ref_harness.h"
#include "tensor/npy.h"

#include "graph/block_registry.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

using namespace volnet;
using namespace volnet::testing;
using Json = nlohmann::json;

namespace {

const std::filesystem::path kFixtures = VOLNET_SOURCE_DIR "/tests/fixtures/ref";

// The fixtures hold float64 results rounded to float32; the reference computes in float32,
// whose rounding errors grow with the magnitudes summed, not with each element. So an
// error is measured against the tensor's largest magnitude (relativeError), and 1e-4
// leaves a margin of ~100 over the sums of a few hundred terms these cases make, while
// a wrong index, padding or gate order is off by 1e-2 or more.
constexpr double kTolerance = 1e-4;

Tensor load(const std::filesystem::path &dir, const std::string &name)
{
    const NpyResult r = readNpy((dir / (name + ".npy")).string());
    if (!r.ok)
        throw std::runtime_error(r.error);
    return r.tensor;
}

// Parameters as the fixture's JSON writes them, typed by the block's schema.
Node nodeFromJson(const std::string &type, const Json &params)
{
    const BlockSpec *spec = findBlock(type);
    if (!spec)
        throw std::runtime_error("unknown block " + type);
    NodeParams values;
    for (const auto &[name, value] : params.items()) {
        const ParamSpec *p = spec->param(name);
        if (!p)
            throw std::runtime_error(type + " has no parameter " + name);
        switch (p->kind) {
        case ParamKind::Int:
            values.emplace_back(name, value.get<int64_t>());
            break;
        case ParamKind::Float:
            values.emplace_back(name, value.get<double>());
            break;
        case ParamKind::Bool:
            values.emplace_back(name, value.get<bool>());
            break;
        case ParamKind::Choice:
            values.emplace_back(name, value.get<std::string>());
            break;
        case ParamKind::IntTuple:
            values.emplace_back(name, value.get<IntTuple>());
            break;
        }
    }
    return makeNode(type, values);
}

void compare(const std::string &what, const Tensor &actual, const Tensor &expected)
{
    QVERIFY2(actual.shape() == expected.shape(),
             qPrintable(QString::fromStdString(what + ": shape " + formatTuple(actual.shape()) + ", expected " +
                                               formatTuple(expected.shape()))));
    const double error = relativeError(actual, expected);
    QVERIFY2(error <= kTolerance, qPrintable(QString::fromStdString(what) + QString(": relative error %1").arg(error)));
}

void checkBlock(const std::filesystem::path &dir, const Json &info)
{
    const std::string type = info.at("type");
    const Node node = nodeFromJson(type, info.at("params"));
    std::vector<Tensor> inputs;
    for (int i = 0; i < info.at("inputs").get<int>(); ++i)
        inputs.push_back(load(dir, "in" + std::to_string(i)));
    ref::TensorMap<float> weights;
    for (const Json &name : info.at("weights"))
        weights.emplace(name.get<std::string>(), load(dir, "w." + name.get<std::string>()));
    const ref::Options options{info.at("mode") == "training" ? ref::Mode::Training : ref::Mode::Inference,
                               info.at("seed").get<uint32_t>()};

    const ref::Forward<float> f = ref::forward(node, inputs, weights, options);
    compare("output", f.output, load(dir, "out"));
    for (const auto &[name, value] : f.updated)
        compare("updated " + name, value, load(dir, "upd." + name));
    if (type == "BatchNormalization" && options.mode == ref::Mode::Training)
        QCOMPARE(f.updated.size(), size_t(2));

    const ref::Backward<float> b = ref::backward(node, inputs, weights, load(dir, "gout"), options);
    for (size_t i = 0; i < inputs.size(); ++i)
        compare("gradient of input " + std::to_string(i), b.inputs[i], load(dir, "gin" + std::to_string(i)));
    for (const auto &[name, gradient] : b.weights)
        compare("gradient of " + name, gradient, load(dir, "gw." + name));
}

void checkLoss(const std::filesystem::path &dir)
{
    const Tensor logits = load(dir, "in0");
    const Tensor classes = load(dir, "labels");
    std::vector<int64_t> labels;
    for (float v : classes.values())
        labels.push_back(int64_t(v));
    const ref::LossResult<float> r = ref::softmaxCrossEntropy(logits, labels);
    compare("loss", Tensor(Dims{}, r.loss), load(dir, "out"));
    compare("gradient of logits", r.gradient, load(dir, "gin0"));
}

void checkInitializer(const std::filesystem::path &dir, const Json &info)
{
    Node node;
    node.id = info.at("node");
    node.type = info.at("node_type");
    const WeightSpec spec{info.at("weight"), info.at("shape").get<Dims>()};
    const Tensor actual = initialWeight(node, spec, info.at("seed").get<uint64_t>());
    const Tensor expected = load(dir, "out");
    if (spec.name == "kernel") // exact arithmetic and one sqrt: the same bits
        QCOMPARE(actual, expected);
    else // log and cos may differ in the last bit between libraries; QR algorithms do
        compare("orthogonal", actual, expected);
}

std::vector<std::string> caseNames()
{
    std::vector<std::string> names;
    for (const auto &entry : std::filesystem::directory_iterator(kFixtures))
        if (entry.is_directory())
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

} // namespace

class TestRefGolden : public QObject {
    Q_OBJECT
private slots:
    void everyBlockHasGoldenData()
    {
        std::set<std::string> covered;
        for (const std::string &name : caseNames()) {
            std::ifstream in(kFixtures / name / "case.json");
            covered.insert(Json::parse(in).at("type").get<std::string>());
        }
        for (const BlockSpec &b : blockRegistry())
            if (b.type != "Input")
                QVERIFY2(covered.count(b.type), qPrintable(QString::fromStdString(b.type) + " has no golden case"));
        QVERIFY(covered.count("SparseCategoricalCrossentropy"));
        QVERIFY(covered.count("Initializer"));
    }

    void matchesGoldenData_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string &name : caseNames())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void matchesGoldenData()
    {
        QFETCH(QString, name);
        const std::filesystem::path dir = kFixtures / name.toStdString();
        std::ifstream in(dir / "case.json");
        const Json info = Json::parse(in);
        const std::string type = info.at("type");
        if (type == "SparseCategoricalCrossentropy")
            checkLoss(dir);
        else if (type == "Initializer")
            checkInitializer(dir, info);
        else
            checkBlock(dir, info);
    }
};

QTEST_APPLESS_MAIN(TestRefGolden)
#include "tst_ref_golden.moc"
