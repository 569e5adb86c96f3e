// The synthetic datasets: the portable random numbers behind them, determinism, the
// default DCE phantom's shape against the demo template, the kinetic type of every
// class (by fitting the curve model to the lesion signal found in the images), and the
// moving shapes' directions.
#include "data/data_error.h"
#include "data/dataset_spec.h"
#include "data/dce_phantom.h"
#include "data/input_fit.h"
#include "data/random.h"
#include "graph/graph_json.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace volnet;
using namespace volnet::data;

namespace {

// S(t) of each pixel smoothed over its 3x3 neighbourhood, which tames the noise enough
// to tell lesion from tissue pixel by pixel.
std::vector<double> smoothedFrame(const Tensor &v, int64_t t)
{
    const int64_t h = v.dim(1), w = v.dim(2);
    std::vector<double> out(size_t(h * w), 0);
    for (int64_t y = 1; y + 1 < h; ++y)
        for (int64_t x = 1; x + 1 < w; ++x) {
            double sum = 0;
            for (int64_t dy = -1; dy <= 1; ++dy)
                for (int64_t dx = -1; dx <= 1; ++dx)
                    sum += v.at({t, y + dy, x + dx, 0});
            out[size_t(y * w + x)] = sum / 9;
        }
    return out;
}

struct LesionSignal {
    std::vector<double> curve; // mean lesion signal per frame over its frame-0 value
    double baselineContrast;   // lesion over tissue in frame 0
};

// Lesion pixels are those whose smoothed signal rises above 1.5 times its first value
// at some frame: tissue enhances by at most about 20 %, every lesion type by over 60 %.
LesionSignal lesionSignal(const Tensor &v)
{
    const int64_t frames = v.dim(0), h = v.dim(1), w = v.dim(2);
    std::vector<std::vector<double>> smooth;
    for (int64_t t = 0; t < frames; ++t)
        smooth.push_back(smoothedFrame(v, t));
    std::vector<double> sum(size_t(frames), 0);
    double lesionBase = 0, tissueBase = 0;
    int64_t lesion = 0, tissue = 0;
    for (int64_t p = 0; p < h * w; ++p) {
        const double first = smooth[0][size_t(p)];
        if (first < 0.5) // air
            continue;
        double peak = 0;
        for (int64_t t = 1; t < frames; ++t)
            peak = std::max(peak, smooth[size_t(t)][size_t(p)]);
        if (peak > 1.5 * first) {
            for (int64_t t = 0; t < frames; ++t)
                sum[size_t(t)] += smooth[size_t(t)][size_t(p)];
            lesionBase += first;
            ++lesion;
        } else if (peak < 1.3 * first) {
            tissueBase += first;
            ++tissue;
        }
    }
    LesionSignal s;
    for (int64_t t = 0; t < frames; ++t)
        s.curve.push_back(lesion ? sum[size_t(t)] / sum[0] : 0);
    s.baselineContrast = lesion && tissue ? (lesionBase / double(lesion)) / (tissueBase / double(tissue)) : 0;
    return s;
}

// The BI-RADS comparison: the delayed (last) signal against the early phase's peak.
double lateChange(const std::vector<double> &curve, const DcePhantom &phantom)
{
    double early = 0;
    for (size_t t = 1; t < curve.size(); ++t)
        if (phantom.frameMinutes(int64_t(t)) <= DcePhantom::kEarlyPhaseMinutes + 1e-9)
            early = std::max(early, curve[t]);
    return curve.back() / early - 1;
}

// Least squares fit of 1 + A (1 - e^(-alpha t)) e^(-beta t): A in closed form for each
// (alpha, beta) of a grid.
KineticCurve fitCurve(const std::vector<double> &curve, const DcePhantom &phantom)
{
    KineticCurve best{0, 0, 0};
    double bestError = INFINITY;
    for (double alpha = 0.05; alpha <= 6; alpha *= 1.03) {
        for (double beta = 0; beta <= 0.5; beta += 0.0025) {
            double gy = 0, gg = 0;
            for (size_t t = 0; t < curve.size(); ++t) {
                const double m = phantom.frameMinutes(int64_t(t));
                const double g = (1 - std::exp(-alpha * m)) * std::exp(-beta * m);
                gy += g * (curve[t] - 1);
                gg += g * g;
            }
            const KineticCurve c{gy / gg, alpha, beta};
            double error = 0;
            for (size_t t = 0; t < curve.size(); ++t)
                error += std::pow(c.at(phantom.frameMinutes(int64_t(t))) - curve[t], 2);
            if (error < bestError) {
                bestError = error;
                best = c;
            }
        }
    }
    return best;
}

} // namespace

class TestDataPhantom : public QObject {
    Q_OBJECT

private slots:
    void randomIsPortable()
    {
        // SplitMix64's published first outputs for seed 0: the same on every platform.
        Random r(0);
        QCOMPARE(r.next(), 0xE220A8397B1DCDAFull);
        QCOMPARE(r.next(), 0x6E789E6AA1B965F4ull);
        QCOMPARE(r.next(), 0x06C45D188009454Full);

        Random a = Random::stream(7, 3), b = Random::stream(7, 3), c = Random::stream(7, 4);
        const uint64_t first = a.next();
        QCOMPARE(b.next(), first);
        QVERIFY(c.next() != first);
    }

    void randomDistributions()
    {
        Random r(42);
        const int n = 200000;
        double sum = 0, squares = 0, uniformMin = 1, uniformMax = 0;
        std::vector<int> buckets(6, 0);
        for (int i = 0; i < n; ++i) {
            const double z = r.normal();
            sum += z;
            squares += z * z;
            const double u = r.uniform();
            uniformMin = std::min(uniformMin, u);
            uniformMax = std::max(uniformMax, u);
            ++buckets[size_t(r.below(6))];
        }
        QVERIFY(std::abs(sum / n) < 0.01);
        QVERIFY(std::abs(squares / n - 1) < 0.015);
        QVERIFY(uniformMin >= 0 && uniformMin < 0.001 && uniformMax < 1 && uniformMax > 0.999);
        for (int count : buckets)
            QVERIFY2(std::abs(count - n / 6) < 1000, std::to_string(count).c_str());
    }

    void defaultMatchesDemoTemplate()
    {
        const GraphLoadResult demo =
            loadGraphFile(std::string(VOLNET_SOURCE_DIR) + "/resources/templates/dce_demo.json");
        QVERIFY2(demo.ok, demo.error.c_str());
        ModelInput input;
        int64_t units = 0;
        for (const Node &node : demo.graph.nodes()) {
            if (node.type == "Input")
                input.shape = std::get<IntTuple>(node.params.at("shape"));
            if (node.type == "Dense")
                units = std::get<int64_t>(node.params.at("units"));
        }
        const auto dataset = openDataset(kDefaultDatasetSpec);
        QCOMPARE(formatTuple(dataset->sampleShape()), formatTuple(input.shape));
        QCOMPARE(formatTuple(dataset->sample(0).shape()), formatTuple(input.shape));
        QCOMPARE(dataset->size(), int64_t(600));
        QCOMPARE(dataset->classNames(), (std::vector<std::string>{"persistent", "plateau", "washout"}));
        QCOMPARE(int64_t(dataset->classCount()), units);
        QCOMPARE(classCounts(*dataset), (std::vector<int64_t>{200, 200, 200}));
        checkFits(*dataset, input);
        checkClassCount(*dataset, units);
    }

    void deterministic()
    {
        const auto a = openDataset("synthetic:dce?n=9&t=6&size=32&seed=5");
        const auto b = openDataset("synthetic:dce?n=9&t=6&size=32&seed=5");
        const auto c = openDataset("synthetic:dce?n=9&t=6&size=32&seed=6");
        QCOMPARE(formatTuple(a->sampleShape()), std::string("(6, 32, 32, 1)"));
        // Read in different orders: a sample depends on the seed and its index only.
        const Tensor a7 = a->sample(7);
        b->sample(3);
        QVERIFY(b->sample(7) == a7);
        QVERIFY(a->sample(7) == a7); // from the cache
        QVERIFY(!(c->sample(7) == a7));
        for (float v : a7.values())
            QVERIFY(std::isfinite(v) && v >= 0);
    }

    void kineticTypesPerClass()
    {
        DcePhantom::Options options;
        options.count = 45;
        const DcePhantom phantom(options);
        std::vector<std::vector<double>> meanCurve(3, std::vector<double>(size_t(options.frames), 0));
        std::vector<double> contrast(3, 0);
        int correct = 0;
        for (int64_t i = 0; i < phantom.size(); ++i) {
            const LesionSignal s = lesionSignal(phantom.sample(i));
            const int cls = phantom.label(i);
            QVERIFY2(s.curve.back() > 0, ("no lesion found in sample " + std::to_string(i)).c_str());
            for (size_t t = 0; t < s.curve.size(); ++t)
                meanCurve[size_t(cls)][t] += s.curve[t] / 15;
            contrast[size_t(cls)] += s.baselineContrast / 15;
            // The criterion alone classifies nearly every sample from its own curve.
            const double change = lateChange(s.curve, phantom);
            const int byCurve = change > 0.1 ? 0 : change < -0.1 ? 2 : 1;
            correct += byCurve == cls;
        }
        QVERIFY2(correct >= 43, (std::to_string(correct) + " of 45 classified by their curve").c_str());

        const KineticCurve persistent = fitCurve(meanCurve[0], phantom);
        const KineticCurve plateau = fitCurve(meanCurve[1], phantom);
        const KineticCurve washout = fitCurve(meanCurve[2], phantom);
        const auto change = [&](const KineticCurve &c) {
            double early = 0;
            for (double m = 0; m <= DcePhantom::kEarlyPhaseMinutes; m += 0.01)
                early = std::max(early, c.at(m));
            return c.at(DcePhantom::kDurationMinutes) / early - 1;
        };
        const std::string fitted = "fitted changes " + std::to_string(change(persistent)) + ", " +
                                   std::to_string(change(plateau)) + ", " + std::to_string(change(washout));
        QVERIFY2(change(persistent) > 0.1, fitted.c_str());
        QVERIFY2(std::abs(change(plateau)) <= 0.1, fitted.c_str());
        QVERIFY2(change(washout) < -0.1, fitted.c_str());
        QVERIFY2(lateChange(meanCurve[0], phantom) > 0.1 && std::abs(lateChange(meanCurve[1], phantom)) <= 0.1 &&
                     lateChange(meanCurve[2], phantom) < -0.1,
                 "the mean curves' own frames");
        // Uptake: slow for type I, fast for II and III; only III washes out.
        QVERIFY(persistent.uptake < 1 && plateau.uptake > 1 && washout.uptake > 1);
        QVERIFY(washout.washout > 0.05 && plateau.washout < 0.05);
        // Frame 0 shows the lesion with the same contrast whatever its class, so it tells
        // nothing of the kinetics.
        const auto [low, high] = std::minmax_element(contrast.begin(), contrast.end());
        QVERIFY2(*high - *low < 0.08, (std::to_string(*low) + " to " + std::to_string(*high)).c_str());
    }

    void movingShapesMoveTheirClassWay()
    {
        const auto shapes = openDataset("synthetic:shapes?n=40&t=6&size=32&seed=3");
        QCOMPARE(formatTuple(shapes->sampleShape()), std::string("(6, 32, 32, 1)"));
        QCOMPARE(shapes->classNames(), (std::vector<std::string>{"right", "left", "down", "up"}));
        for (int64_t i = 0; i < shapes->size(); ++i) {
            const Tensor v = shapes->sample(i);
            // The bright shape's centroid in the first and the last frame.
            auto centroid = [&](int64_t t) {
                double sx = 0, sy = 0, s = 0;
                for (int64_t y = 0; y < 32; ++y)
                    for (int64_t x = 0; x < 32; ++x) {
                        const double m = v.at({t, y, x, 0}) > 0.5 ? 1 : 0;
                        sx += m * double(x);
                        sy += m * double(y);
                        s += m;
                    }
                return std::pair(sx / s, sy / s);
            };
            const auto [x0, y0] = centroid(0);
            const auto [x1, y1] = centroid(5);
            const double dx = x1 - x0, dy = y1 - y0;
            const int direction = std::abs(dx) > std::abs(dy) ? (dx > 0 ? 0 : 1) : (dy > 0 ? 2 : 3);
            QCOMPARE(direction, shapes->label(i));
            QVERIFY(std::max(std::abs(dx), std::abs(dy)) > 5);
        }
    }

    void specOptionsAndErrors()
    {
        const auto expectError = [](const std::string &spec, const std::string &part) {
            try {
                openDataset(spec);
            } catch (const DataError &e) {
                const std::string message = e.what();
                QVERIFY2(message.find(part) != std::string::npos, (spec + " -> " + message).c_str());
                return;
            }
            QFAIL(("no error for " + spec).c_str());
        };
        expectError("imagenet:/data", "synthetic:dce");
        expectError("imagenet:/data", "folder:DIR");
        expectError("nonsense", "csv:FILE");
        expectError("synthetic:mnist", "synthetic:shapes");
        expectError("synthetic:dce?frames=10", "valid options: n, t, size, seed, cue");
        expectError("synthetic:dce?n=abc", "option n must be an integer from 3");
        expectError("synthetic:dce?t=2", "option t must be an integer from 4");
        expectError("synthetic:dce?cue=2", "option cue must be a number from 0 to 1");
        expectError("synthetic:dce?n=5&n=6", "given twice");
        expectError("synthetic:dce?n", "not key=value");
        expectError("npy:only.npy", "npy:X.npy,y.npy");
        expectError("folder:", "nothing after");
        expectError("folder:/data?depth=3", "valid options: slice");
        QCOMPARE(openDataset("synthetic:dce?n=12&size=16&t=4&cue=0")->size(), int64_t(12));
    }
};

QTEST_APPLESS_MAIN(TestDataPhantom)
#include "tst_data_phantom.moc"
