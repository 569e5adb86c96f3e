// The CPU reference's backward pass against central finite differences of its forward
// pass, in double precision, for every block, on small odd-sized configurations:
// batch 2, non-cubic kernels, strides, dilation, both paddings, sequences of 1 and more
// steps, channel counts that are not multiples of 4. The loss is sum(output * G) for a
// random G, so d loss / d output = G.
#include "ref/loss.h"
#include "ref/ref_op.h"
#include "ref_harness.h"

#include "graph/block_registry.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <set>

using namespace volnet;
using namespace volnet::testing;
using volnet::ref::Mode;

namespace {

struct GradCase {
    const char *name;
    std::string type;
    NodeParams params;
    std::vector<Dims> inputs; // batched shapes
    Mode mode = Mode::Inference;
};

IntTuple t(std::initializer_list<int64_t> v)
{
    return IntTuple(v);
}
ParamValue w(const char *s)
{
    return std::string(s);
}

const std::vector<GradCase> &cases()
{
    static const std::vector<GradCase> all = {
        {"conv3d valid relu",
         "Conv3D",
         {{"filters", int64_t(5)}, {"kernel_size", t({2, 3, 2})}, {"activation", w("relu")}},
         {{2, 4, 5, 4, 3}}},
        {"conv3d same strided tanh",
         "Conv3D",
         {{"filters", int64_t(3)},
          {"kernel_size", t({3, 2, 3})},
          {"strides", t({2, 1, 2})},
          {"padding", w("same")},
          {"activation", w("tanh")}},
         {{2, 5, 4, 5, 2}}},
        {"conv3d same dilated sigmoid no bias",
         "Conv3D",
         {{"filters", int64_t(2)},
          {"kernel_size", t({2, 2, 3})},
          {"dilation_rate", t({1, 2, 2})},
          {"padding", w("same")},
          {"activation", w("sigmoid")},
          {"use_bias", false}},
         {{2, 3, 5, 5, 3}}},
        {"conv3d softmax",
         "Conv3D",
         {{"filters", int64_t(4)}, {"kernel_size", t({1, 2, 1})}, {"activation", w("softmax")}},
         {{2, 2, 3, 2, 1}}},
        {"conv2d same strided",
         "Conv2D",
         {{"filters", int64_t(5)}, {"kernel_size", t({3, 2})}, {"strides", t({2, 2})}, {"padding", w("same")}},
         {{2, 7, 6, 3}}},
        {"conv2d valid dilated relu no bias",
         "Conv2D",
         {{"filters", int64_t(3)},
          {"kernel_size", t({2, 2})},
          {"dilation_rate", t({2, 1})},
          {"activation", w("relu")},
          {"use_bias", false}},
         {{2, 6, 5, 2}}},
        {"conv2d even kernel odd pad",
         "Conv2D",
         {{"filters", int64_t(2)}, {"kernel_size", t({4, 4})}, {"strides", t({3, 3})}, {"padding", w("same")}},
         {{2, 7, 8, 1}}},
        {"maxpool3d valid", "MaxPooling3D", {{"pool_size", t({2, 2, 2})}}, {{2, 4, 5, 4, 3}}},
        {"maxpool3d same strided",
         "MaxPooling3D",
         {{"pool_size", t({2, 3, 2})}, {"strides", t({1, 2, 2})}, {"padding", w("same")}},
         {{2, 3, 5, 5, 2}}},
        {"avgpool3d same",
         "AveragePooling3D",
         {{"pool_size", t({2, 2, 2})}, {"padding", w("same")}},
         {{2, 3, 5, 4, 2}}},
        {"avgpool3d valid strided",
         "AveragePooling3D",
         {{"pool_size", t({2, 2, 3})}, {"strides", t({1, 1, 2})}},
         {{2, 3, 3, 6, 3}}},
        {"maxpool2d same",
         "MaxPooling2D",
         {{"pool_size", t({3, 3})}, {"strides", t({2, 2})}, {"padding", w("same")}},
         {{2, 7, 6, 3}}},
        {"maxpool2d valid", "MaxPooling2D", {{"pool_size", t({2, 2})}}, {{2, 5, 4, 2}}},
        {"avgpool2d same",
         "AveragePooling2D",
         {{"pool_size", t({3, 2})}, {"strides", t({2, 3})}, {"padding", w("same")}},
         {{2, 5, 7, 3}}},
        {"avgpool2d valid", "AveragePooling2D", {{"pool_size", t({2, 3})}}, {{2, 4, 7, 2}}},
        {"global avg 3d", "GlobalAveragePooling3D", {}, {{2, 3, 4, 2, 5}}},
        {"global avg 2d", "GlobalAveragePooling2D", {}, {{2, 3, 5, 3}}},
        {"global max 2d", "GlobalMaxPooling2D", {}, {{2, 4, 3, 5}}},
        {"temporal mean", "TemporalPooling", {}, {{2, 4, 3, 2, 3}}},
        {"temporal max", "TemporalPooling", {{"mode", w("max")}}, {{2, 5, 7}}},
        {"fold time", "FoldTime", {}, {{2, 3, 4, 2, 5}}},
        {"frame slice", "FrameSlice", {{"index", int64_t(2)}}, {{2, 4, 3, 3, 2}}},
        {"frame slice of one", "FrameSlice", {}, {{2, 1, 5}}},
        {"reshape inferred", "Reshape", {{"target_shape", t({-1, 6})}}, {{2, 3, 4, 3}}},
        {"reshape", "Reshape", {{"target_shape", t({4, 3, 3})}}, {{2, 6, 6}}},
        {"flatten", "Flatten", {}, {{2, 3, 4, 2}}},
        {"permute 2 1 3", "Permute", {{"dims", t({2, 1, 3})}}, {{2, 3, 4, 5}}},
        {"permute 3 1 2", "Permute", {{"dims", t({3, 1, 2})}}, {{2, 2, 3, 4}}},
        {"permute rank 4", "Permute", {{"dims", t({2, 3, 4, 1})}}, {{2, 2, 3, 4, 5}}},
        {"concat channels", "Concatenate", {}, {{2, 3, 4, 2}, {2, 3, 4, 3}}},
        {"concat axis 1 of 3", "Concatenate", {{"axis", int64_t(1)}}, {{2, 2, 5}, {2, 3, 5}, {2, 1, 5}}},
        {"concat axis 2", "Concatenate", {{"axis", int64_t(2)}}, {{2, 2, 3, 4, 1}, {2, 2, 1, 4, 1}}},
        {"add", "Add", {}, {{2, 3, 4}, {2, 3, 4}}},
        {"add three", "Add", {}, {{2, 5}, {2, 5}, {2, 5}}},
        {"lstm last", "LSTM", {{"units", int64_t(3)}}, {{2, 4, 5}}},
        {"lstm sequences", "LSTM", {{"units", int64_t(5)}, {"return_sequences", true}}, {{2, 3, 2}}},
        {"lstm one step", "LSTM", {{"units", int64_t(2)}}, {{2, 1, 3}}},
        {"lstm one step sequences", "LSTM", {{"units", int64_t(2)}, {"return_sequences", true}}, {{2, 1, 3}}},
        {"lstm long", "LSTM", {{"units", int64_t(7)}, {"return_sequences", true}}, {{2, 6, 3}}},
        {"dense relu", "Dense", {{"units", int64_t(5)}, {"activation", w("relu")}}, {{2, 7}}},
        {"dense rank 3 softmax", "Dense", {{"units", int64_t(3)}, {"activation", w("softmax")}}, {{2, 3, 4}}},
        {"dense sigmoid no bias",
         "Dense",
         {{"units", int64_t(6)}, {"activation", w("sigmoid")}, {"use_bias", false}},
         {{2, 5}}},
        {"dense tanh rank 4", "Dense", {{"units", int64_t(2)}, {"activation", w("tanh")}}, {{2, 2, 3, 3}}},
        {"dropout training", "Dropout", {{"rate", 0.3}}, {{2, 5, 6}}, Mode::Training},
        {"dropout rate 0", "Dropout", {{"rate", 0.0}}, {{2, 7}}, Mode::Training},
        {"dropout inference", "Dropout", {}, {{2, 3, 3}}},
        {"batchnorm training", "BatchNormalization", {}, {{2, 3, 4, 5}}, Mode::Training},
        {"batchnorm training axis 1", "BatchNormalization", {{"axis", int64_t(1)}}, {{2, 3, 4}}, Mode::Training},
        {"batchnorm training rank 5",
         "BatchNormalization",
         {{"epsilon", 0.01}, {"momentum", 0.9}},
         {{2, 2, 3, 2, 3}},
         Mode::Training},
        {"batchnorm inference", "BatchNormalization", {}, {{2, 5, 3}}},
        {"relu", "Activation", {}, {{2, 3, 5}}},
        {"sigmoid", "Activation", {{"activation", w("sigmoid")}}, {{2, 3, 5}}},
        {"tanh", "Activation", {{"activation", w("tanh")}}, {{2, 3, 5}}},
        {"softmax", "Activation", {{"activation", w("softmax")}}, {{2, 3, 5}}},
        {"linear", "Activation", {{"activation", w("linear")}}, {{2, 4}}},
    };
    return all;
}

// Central differences in double with h = 1e-6: the truncation error (h^2 / 6 f''') is
// about 1e-12 and the rounding error (eps |loss| / h, |loss| < 100 here) under 3e-8, so
// 1e-6 of the gradient's scale leaves a wide margin, while a wrong term or index shows
// up as an error of order 1e-2 to 1. A kink (relu at 0, a max changing hands) within h
// of a random point is improbable and the seeds are fixed.
constexpr double kStep = 1e-6;
constexpr double kTolerance = 1e-6;
double lossOf(const ref::Forward<double> &f, const TensorD &g)
{
    double sum = 0;
    for (int64_t i = 0; i < g.size(); ++i)
        sum += f.output[i] * g[i];
    return sum;
}

// Compares `analytic` with finite differences of `loss` with respect to `values`.
template<typename Loss> void checkGradient(const std::string &what, TensorD &values, const TensorD &analytic, Loss loss)
{
    double worst = 0, scale = 1;
    int64_t worstAt = -1;
    for (int64_t i = 0; i < values.size(); ++i) {
        const double saved = values[i];
        values[i] = saved + kStep;
        const double up = loss();
        values[i] = saved - kStep;
        const double down = loss();
        values[i] = saved;
        const double numeric = (up - down) / (2 * kStep);
        scale = std::max(scale, std::abs(numeric));
        if (std::abs(numeric - analytic[i]) > worst) {
            worst = std::abs(numeric - analytic[i]);
            worstAt = i;
        }
    }
    QVERIFY2(worst <= kTolerance * scale,
             qPrintable(QString::fromStdString(what) + QString(": gradient off by %1 at element %2 (analytic %3)")
                                                           .arg(worst)
                                                           .arg(worstAt)
                                                           .arg(worstAt >= 0 ? analytic[worstAt] : 0.0)));
}

} // namespace

class TestRefGradients : public QObject {
    Q_OBJECT
private slots:
    void everyBlockHasAReferenceAndACase()
    {
        std::set<std::string> covered;
        for (const GradCase &c : cases())
            covered.insert(c.type);
        for (const BlockSpec &b : blockRegistry()) {
            QCOMPARE(ref::hasReference(b.type), b.type != "Input");
            if (b.type != "Input")
                QVERIFY2(covered.count(b.type), qPrintable(QString::fromStdString(b.type) + " has no gradient case"));
        }
    }

    void matchesFiniteDifferences_data()
    {
        QTest::addColumn<int>("index");
        for (size_t i = 0; i < cases().size(); ++i)
            QTest::newRow(cases()[i].name) << int(i);
    }

    void matchesFiniteDifferences()
    {
        QFETCH(int, index);
        const GradCase &c = cases()[size_t(index)];
        SplitMix64 rng(1000 + uint64_t(index));
        const Node node = makeNode(c.type, c.params);
        std::vector<TensorD> inputs;
        for (const Dims &shape : c.inputs)
            inputs.push_back(randomTensor<double>(shape, rng));
        ref::TensorMap<double> weights = randomWeights<double>(node, c.inputs, rng);
        const ref::Options options{c.mode, 0x5eed};
        const ref::Forward<double> forward = ref::forward(node, inputs, weights, options);
        const TensorD g = randomTensor<double>(forward.output.shape(), rng);
        const ref::Backward<double> back = ref::backward(node, inputs, weights, g, options);
        auto loss = [&] { return lossOf(ref::forward(node, inputs, weights, options), g); };
        for (size_t i = 0; i < inputs.size(); ++i)
            checkGradient("input " + std::to_string(i), inputs[i], back.inputs[i], loss);
        for (const WeightSpec &spec : ref::signature(node, c.inputs).weights) {
            if (spec.trainable)
                checkGradient(spec.name, weights.at(spec.name), back.weights.at(spec.name), loss);
            else
                QVERIFY(!back.weights.count(spec.name));
        }
    }

    void lossMatchesFiniteDifferences()
    {
        SplitMix64 rng(77);
        TensorD logits = randomTensor<double>({3, 2, 5}, rng, -3, 3);
        const std::vector<int64_t> labels{0, 4, 2, 2, 1, 3};
        const ref::LossResult<double> r = ref::softmaxCrossEntropy(logits, labels);
        checkGradient("logits", logits, r.gradient, [&] { return ref::softmaxCrossEntropy(logits, labels).loss; });
        // Uniform logits: every row's loss is log(classes).
        QVERIFY(std::abs(ref::softmaxCrossEntropy(TensorD({2, 4}), {1, 3}).loss - std::log(4.0)) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ref::softmaxCrossEntropy(TensorD({2, 4}), {1, 4}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ref::softmaxCrossEntropy(TensorD({2, 4}), {1}));
    }

    void batchNormUpdatesMovingStatistics()
    {
        const Node node = makeNode("BatchNormalization", {{"momentum", 0.9}});
        // One feature, values 1..4: mean 2.5, biased variance 1.25 (unbiased would be 5/3).
        const std::vector<TensorD> inputs{TensorD({4, 1}, std::vector<double>{1, 2, 3, 4})};
        const ref::TensorMap<double> weights{{"gamma", TensorD({1}, 1.0)},
                                             {"beta", TensorD({1}, 0.0)},
                                             {"moving_mean", TensorD({1}, 1.0)},
                                             {"moving_variance", TensorD({1}, 2.0)}};
        const auto trained = ref::forward(node, inputs, weights, {Mode::Training, 0});
        QVERIFY(std::abs(trained.updated.at("moving_mean")[0] - (0.9 * 1 + 0.1 * 2.5)) < 1e-12);
        QVERIFY(std::abs(trained.updated.at("moving_variance")[0] - (0.9 * 2 + 0.1 * 1.25)) < 1e-12);
        QVERIFY(std::abs(trained.output[0] - (1 - 2.5) / std::sqrt(1.25 + 1e-3)) < 1e-12);
        const auto inferred = ref::forward(node, inputs, weights);
        QVERIFY(inferred.updated.empty());
        QVERIFY(std::abs(inferred.output[0] - (1 - 1) / std::sqrt(2 + 1e-3)) < 1e-12);
    }

    void dropoutMaskIsTheDocumentedHash()
    {
        const Node node = makeNode("Dropout", {{"rate", 0.25}});
        const std::vector<Tensor> inputs{Tensor({4, 1000}, 1.0f)};
        const auto a = ref::forward(node, inputs, {}, {Mode::Training, 42});
        int64_t kept = 0;
        for (int64_t i = 0; i < a.output.size(); ++i) {
            const bool keep = dropoutHash(42, uint32_t(i)) >= dropoutThreshold(0.25);
            QCOMPARE(a.output[i], keep ? 1.0f / 0.75f : 0.0f);
            kept += keep;
        }
        QVERIFY(std::abs(double(kept) / 4000 - 0.75) < 0.03);
        QVERIFY(ref::forward(node, inputs, {}, {Mode::Training, 43}).output != a.output);
        QCOMPARE(ref::forward(node, inputs, {}).output, inputs[0]);
        QCOMPARE(dropoutThreshold(0.0), 0u);
        QCOMPARE(dropoutThreshold(0.5), 2147483648u);
        // Values computed apart (in Python), which a GLSL port must reproduce too.
        QCOMPARE(lowbias32(1), 0x688990c0u);
        QCOMPARE(lowbias32(12345), 0x912efcf7u);
    }

    void rejectsWhatTheShapeRulesReject()
    {
        const Node conv = makeNode("Conv2D", {{"filters", int64_t(4)}, {"kernel_size", t({3, 3})}});
        const std::vector<Tensor> inputs{Tensor({1, 5, 5, 2})};
        auto message = [&](const ref::TensorMap<float> &weights, const std::vector<Tensor> &in) {
            try {
                ref::forward(conv, in, weights);
            } catch (const std::invalid_argument &e) {
                return std::string(e.what());
            }
            return std::string();
        };
        const ref::TensorMap<float> good{{"kernel", Tensor({3, 3, 2, 4})}, {"bias", Tensor({4})}};
        QVERIFY(message(good, inputs).empty());
        QVERIFY(message({{"kernel", Tensor({3, 3, 2, 4})}}, inputs).find("conv2d_1 (Conv2D): the weight 'bias'") == 0);
        QVERIFY(message({{"kernel", Tensor({3, 3, 3, 4})}, {"bias", Tensor({4})}}, inputs).find("(3, 3, 2, 4)") !=
                std::string::npos);
        QVERIFY(message(good, {Tensor({1, 2, 2, 2})}).find("does not fit") != std::string::npos);
        QVERIFY(message(good, {Tensor({1, 5, 5, 2, 1})}).find("axes") != std::string::npos);
        QVERIFY(message(good, {Tensor({0, 5, 5, 2})}).find("has no elements") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, ref::forward(makeNode("Input"), std::vector<Tensor>{}, {}));
    }
};

QTEST_APPLESS_MAIN(TestRefGradients)
#include "tst_ref_gradients.moc"
