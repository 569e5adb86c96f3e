// What the loader does to samples (normalisation, fitting to the model's input,
// augmentation), the train/validation split, and the loader itself: batches, epochs,
// seeded shuffling, a bounded prefetch queue, prompt stopping, and errors carried from
// its thread to the consumer.
#include "data/augmentation.h"
#include "data/data_error.h"
#include "data/data_loader.h"
#include "data/dataset_spec.h"
#include "data/input_fit.h"
#include "data/normalization.h"
#include "data/split.h"

#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <set>
#include <thread>

using namespace volnet;
using namespace volnet::data;

namespace {

// Sample i holds 1000 i + its element's offset, so every value says where it came from.
class CountingDataset : public Dataset {
public:
    CountingDataset(int64_t count, Dims shape, int classes, int64_t brokenSample = -1,
                    std::chrono::milliseconds delay = {})
        : Dataset(names(classes), std::move(shape)), m_count(count), m_broken(brokenSample), m_delay(delay)
    {
    }

    std::string description() const override { return "counting"; }
    int64_t size() const override { return m_count; }
    int label(int64_t index) const override { return int(index % classCount()); }
    Tensor sample(int64_t index) const override
    {
        ++reads;
        std::this_thread::sleep_for(m_delay);
        if (index == m_broken)
            throw DataError("sample " + std::to_string(index) + " is broken");
        Tensor t(sampleShape());
        for (int64_t i = 0; i < t.size(); ++i)
            t[i] = float(1000 * index + i);
        return t;
    }

    mutable std::atomic<int> reads{0};

private:
    static std::vector<std::string> names(int classes)
    {
        std::vector<std::string> n;
        for (int c = 0; c < classes; ++c)
            n.push_back("c" + std::to_string(c));
        return n;
    }

    int64_t m_count, m_broken;
    std::chrono::milliseconds m_delay;
};

Tensor ramp(const Dims &shape)
{
    Tensor t(shape);
    for (int64_t i = 0; i < t.size(); ++i)
        t[i] = float(i);
    return t;
}

void expectError(const std::function<void()> &f, const std::vector<std::string> &parts)
{
    try {
        f();
    } catch (const DataError &e) {
        for (const std::string &part : parts)
            QVERIFY2(std::string(e.what()).find(part) != std::string::npos, e.what());
        return;
    }
    QFAIL("no DataError");
}

LoaderOptions plain(int64_t batch)
{
    LoaderOptions o;
    o.batchSize = batch;
    o.normalization = Normalization::None;
    return o;
}

} // namespace

class TestDataLoader : public QObject {
    Q_OBJECT

private slots:
    void normalisation()
    {
        Tensor t({2, 3}, {1, 2, 3, 4, 5, 9});
        Tensor z = t;
        normalize(z, Normalization::ZScore);
        double sum = 0, squares = 0;
        for (float v : z.values()) {
            sum += v;
            squares += double(v) * v;
        }
        QVERIFY(std::abs(sum) < 1e-5 && std::abs(squares / 6 - 1) < 1e-5);
        Tensor m = t;
        normalize(m, Normalization::MinMax);
        QCOMPARE(m.values(), (std::vector<float>{0, 0.125f, 0.25f, 0.375f, 0.5f, 1}));
        Tensor n = t;
        normalize(n, Normalization::None);
        QVERIFY(n == t);
        Tensor flat({4}, 7.0f);
        normalize(flat, Normalization::ZScore);
        QCOMPARE(flat.values(), std::vector<float>(4, 0));

        QCOMPARE(parseNormalization("minmax"), Normalization::MinMax);
        QCOMPARE(normalizationName(Normalization::ZScore), std::string("zscore"));
        expectError([] { parseNormalization("standard"); }, {"'standard'", "zscore, minmax, none"});
    }

    void fitCropsAndPadsAboutTheCentre()
    {
        const Tensor s = ramp({2, 5, 6, 1});
        const Tensor out = fitToInput(s, {{2, 3, 8, 1}, false});
        QCOMPARE(formatTuple(out.shape()), std::string("(2, 3, 8, 1)"));
        for (int64_t t = 0; t < 2; ++t)
            for (int64_t h = 0; h < 3; ++h)
                for (int64_t w = 0; w < 8; ++w) {
                    // H: 5 -> 3 keeps rows 1..3; W: 6 -> 8 pads one column each side.
                    const int64_t sw = w - 1;
                    const float expected = sw < 0 || sw >= 6 ? 0.0f : s.at({t, h + 1, sw, 0});
                    QCOMPARE(out.at({t, h, w, 0}), expected);
                }
        // Odd differences put the odd pixel at the end: 4 -> 7 pads 1 before and 2 after,
        // 5 -> 4 crops the last row.
        const Tensor odd = fitToInput(Tensor({1, 5, 4, 1}, 1.0f), {{1, 4, 7, 1}, false});
        for (int64_t h = 0; h < 4; ++h) {
            std::vector<float> row;
            for (int64_t w = 0; w < 7; ++w)
                row.push_back(odd.at({0, h, w, 0}));
            QCOMPARE(row, (std::vector<float>{0, 1, 1, 1, 1, 0, 0}));
        }
        QCOMPARE(fitToInput(ramp({1, 5, 1, 1}), {{1, 4, 1, 1}, false}).values(), (std::vector<float>{0, 1, 2, 3}));

        // A missing channel axis of 1 is added; depth is cropped when the Input says depth.
        QCOMPARE(formatTuple(fitToInput(ramp({3, 4, 5}), {{3, 4, 5, 1}, false}).shape()), std::string("(3, 4, 5, 1)"));
        const Tensor deep = fitToInput(ramp({6, 4, 4, 1}), {{4, 4, 4, 1}, true});
        QCOMPARE(deep.at({0, 0, 0, 0}), float(16));
        checkFits({6, 4, 4, 1}, {{4, 4, 4, 1}, true}, "v");
    }

    void holdFrameRepeatsOneFrame()
    {
        Tensor sample = ramp({3, 2, 2, 1});
        holdFrame(sample, 1);
        for (int64_t t = 0; t < 3; ++t)
            for (int64_t i = 0; i < 4; ++i)
                QCOMPARE(sample[t * 4 + i], float(4 + i)); // frame 1 of the ramp: 4, 5, 6, 7
        checkHoldFrame({{3, 2, 2, 1}, false}, 2);
        expectError([] { checkHoldFrame({{3, 2, 2, 1}, false}, 3); }, {"frame 3", "3 frames"});
        expectError([] { checkHoldFrame({{3, 2, 2, 1}, true}, 0); }, {"(3, 2, 2, 1)", "depth first"});
        expectError([] { checkHoldFrame({{5}, false}, 0); }, {"first axis is time"});
    }

    void fitRefusesWhatCannotBeCropped()
    {
        expectError(
            [] {
                checkFits({12, 64, 64, 1}, {{10, 64, 64, 1}, false}, "scan.nii.gz");
            },
            {"scan.nii.gz has shape (12, 64, 64, 1)", "takes (10, 64, 64, 1)", "frames",
             "Set the Input's shape to (12, 64, 64, 1)", "first_axis to depth"});
        expectError(
            [] {
                checkFits({10, 64, 64, 3}, {{10, 64, 64, 1}, false}, "rgb");
            },
            {"axis 3 (channels) is 3 here but 1", "(10, 64, 64, 3)"});
        expectError(
            [] {
                checkFits({64, 64, 30, 4, 1}, {{10, 64, 64, 1}, false}, "v");
            },
            {"5 axes against 4", "(64, 64, 30, 4, 1)"});
        expectError([] { checkFits({10, 7}, {{10, 8}, false}, "v"); }, {"axis 1 is 7 here but 8", "(10, 7)"});

        CountingDataset three(6, {2, 2, 2, 1}, 3);
        checkClassCount(three, 3);
        expectError([&] { checkClassCount(three, 2); }, {"3 classes (c0, c1, c2)", "units to 3"});
    }

    void randomCropStaysInItsRange()
    {
        const Tensor s = ramp({1, 20, 20, 1});
        const ModelInput input{{1, 16, 16, 1}, false};
        std::set<std::pair<int64_t, int64_t>> offsets;
        for (uint64_t seed = 0; seed < 200; ++seed) {
            Random rng(seed);
            const Tensor out = fitToInput(s, input, &rng);
            // The window's offset, from a pixel that lies inside the sample whatever the
            // offset (slack 4, margin 16 / 8 = 2: offsets -2 to 6).
            const int64_t v = int64_t(out.at({0, 8, 8, 0}));
            const int64_t dy = v / 20 - 8, dx = v % 20 - 8;
            QVERIFY(dy >= -2 && dy <= 6 && dx >= -2 && dx <= 6);
            offsets.insert({dy, dx});
            for (int64_t h = 0; h < 16; ++h)
                for (int64_t w = 0; w < 16; ++w) {
                    const int64_t sh = h + dy, sw = w + dx;
                    const bool inside = sh >= 0 && sh < 20 && sw >= 0 && sw < 20;
                    QCOMPARE(out.at({0, h, w, 0}), inside ? float(sh * 20 + sw) : 0.0f);
                }
        }
        QVERIFY(offsets.size() > 40);
    }

    void flipsAndIntensity()
    {
        const Tensor s = ramp({2, 3, 4, 1});
        Augmentation flipH;
        flipH.flipH = true;
        int flipped = 0;
        for (uint64_t seed = 0; seed < 40; ++seed) {
            Tensor t = s;
            Random rng(seed);
            augment(t, flipH, rng);
            if (t == s)
                continue;
            ++flipped;
            for (int64_t f = 0; f < 2; ++f)
                for (int64_t h = 0; h < 3; ++h)
                    for (int64_t w = 0; w < 4; ++w)
                        QCOMPARE(t.at({f, h, w, 0}), s.at({f, 2 - h, w, 0}));
        }
        QVERIFY(flipped > 8 && flipped < 32);

        Augmentation flipW;
        flipW.flipW = true;
        for (uint64_t seed = 0; seed < 10; ++seed) {
            Tensor t = s;
            Random rng(seed);
            augment(t, flipW, rng);
            QVERIFY(t == s || t.at({1, 2, 0, 0}) == s.at({1, 2, 3, 0}));
        }

        const Augmentation jitter = parseAugmentation("intensity=0.2");
        Tensor t = s;
        Random rng(3);
        augment(t, jitter, rng);
        const double a = double(t[1]) - t[0], b = t[0];
        QVERIFY(a >= 0.8 && a <= 1.2 && b >= -0.2 && b <= 0.2 && a != 1);
        for (int64_t i = 0; i < s.size(); ++i)
            QVERIFY(std::abs(t[i] - (a * s[i] + b)) < 1e-4);
    }

    void augmentationWords()
    {
        const Augmentation all = parseAugmentation("flip,crop,intensity");
        QVERIFY(all.flipH && all.flipW && all.crop && all.intensity == 0.1);
        const Augmentation w = parseAugmentation("flip-w");
        QVERIFY(!w.flipH && w.flipW && !w.crop && w.any());
        QVERIFY(!parseAugmentation("none").any());
        QVERIFY(!parseAugmentation("").any());
        expectError([] { parseAugmentation("flip,rotate"); }, {"'rotate'", "flip, flip-h, flip-w, crop"});
        expectError([] { parseAugmentation("intensity=2"); }, {"from 0 to 1"});
    }

    void stratifiedSplit()
    {
        const auto d = openDataset("synthetic:dce?n=60&size=16&t=4");
        const Split s = splitDataset(*d, 0.25, 9);
        QCOMPARE(s.validation.size(), size_t(15));
        QCOMPARE(s.train.size(), size_t(45));
        std::vector<int> perClass(3, 0);
        for (int64_t i : s.validation)
            ++perClass[size_t(d->label(i))];
        QCOMPARE(perClass, (std::vector<int>{5, 5, 5}));
        std::set<int64_t> all(s.train.begin(), s.train.end());
        all.insert(s.validation.begin(), s.validation.end());
        QCOMPARE(all.size(), size_t(60));
        QCOMPARE(splitDataset(*d, 0.25, 9).validation, s.validation);
        QVERIFY(splitDataset(*d, 0.25, 10).validation != s.validation);
        QCOMPARE(splitDataset(*d, 0, 9).train.size(), size_t(60));
        QCOMPARE(allIndices(*d).size(), size_t(60));

        // Every class is validated, even when the fraction rounds its share to nothing.
        CountingDataset small(6, {1}, 3);
        QCOMPARE(splitDataset(small, 0.1, 1).validation.size(), size_t(3));
        expectError([&] { splitDataset(small, 1, 1); }, {"below 1"});
        expectError([&] { splitDataset(small, -0.1, 1); }, {"at least 0"});
    }

    void batchesAndEpochs()
    {
        auto data = std::make_shared<CountingDataset>(10, Dims{2, 3, 3, 1}, 2);
        DataLoader loader(data, allIndices(*data), {{2, 3, 3, 1}, false}, plain(4));
        QCOMPARE(loader.batchesPerEpoch(), int64_t(3));
        std::vector<std::vector<int64_t>> orders;
        for (int64_t epoch = 0; epoch < 3; ++epoch) {
            std::vector<int64_t> order;
            std::vector<int64_t> sizes;
            while (std::optional<Batch> b = loader.next()) {
                QCOMPARE(b->epoch, epoch);
                QCOMPARE(b->index, int64_t(sizes.size()));
                sizes.push_back(b->inputs.dim(0));
                QCOMPARE(formatTuple(b->inputs.shape()), "(" + std::to_string(sizes.back()) + ", 2, 3, 3, 1)");
                for (size_t k = 0; k < b->indices.size(); ++k) {
                    const int64_t i = b->indices[k];
                    QCOMPARE(b->labels[k], int32_t(i % 2));
                    QCOMPARE(b->inputs.at({int64_t(k), 1, 2, 0, 0}), float(1000 * i + 15));
                    order.push_back(i);
                }
            }
            QCOMPARE(sizes, (std::vector<int64_t>{4, 4, 2}));
            std::vector<int64_t> sorted = order;
            std::sort(sorted.begin(), sorted.end());
            QCOMPARE(sorted, allIndices(*data));
            orders.push_back(order);
        }
        QVERIFY(orders[0] != orders[1] && orders[1] != orders[2]);

        // The same seed gives the same epochs; no shuffling keeps the given order.
        DataLoader again(data, allIndices(*data), {{2, 3, 3, 1}, false}, plain(4));
        std::vector<int64_t> first;
        while (std::optional<Batch> b = again.next())
            first.insert(first.end(), b->indices.begin(), b->indices.end());
        QCOMPARE(first, orders[0]);
        DataLoader ordered(data, {7, 3, 5}, {{2, 3, 3, 1}, false}, plain(2).forValidation());
        QCOMPARE(ordered.next()->indices, (std::vector<int64_t>{7, 3}));
        QCOMPARE(ordered.next()->indices, (std::vector<int64_t>{5}));
        QVERIFY(!ordered.next());
        QCOMPARE(ordered.next()->indices, (std::vector<int64_t>{7, 3}));
    }

    void augmentedBatchesDependOnlyOnTheSeed()
    {
        const auto data = openDataset("synthetic:dce?n=12&size=32&t=4");
        LoaderOptions options;
        options.batchSize = 5;
        options.augmentation = parseAugmentation("flip,crop,intensity");
        const ModelInput input{{4, 28, 28, 1}, false};
        const auto epochOf = [&](int workers) {
            LoaderOptions o = options;
            o.workers = workers;
            DataLoader loader(data, allIndices(*data), input, o);
            std::vector<Tensor> batches;
            while (std::optional<Batch> b = loader.next())
                batches.push_back(b->inputs);
            return batches;
        };
        const std::vector<Tensor> one = epochOf(1);
        QCOMPARE(one.size(), size_t(3));
        QVERIFY(epochOf(4) == one);

        // Validation sees each sample normalised and centred, nothing more.
        DataLoader validation(data, {0}, input, options.forValidation());
        const Tensor v = validation.next()->inputs;
        Tensor expected = data->sample(0);
        normalize(expected, Normalization::ZScore);
        expected = fitToInput(expected, input);
        QVERIFY(v.values() == expected.values());
    }

    void prefetchIsBoundedAndStopIsPrompt()
    {
        auto data = std::make_shared<CountingDataset>(100, Dims{4}, 2);
        LoaderOptions o = plain(2);
        o.prefetch = 2;
        o.workers = 1;
        auto loader = std::make_unique<DataLoader>(data, allIndices(*data), ModelInput{{4}, false}, o);
        // Two batches queued and a third made, waiting for room; and no more, however long
        // the consumer takes (QTRY: a busy machine may start the thread late).
        QTRY_COMPARE(data->reads.load(), 6);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        QCOMPARE(data->reads.load(), 6);
        QVERIFY(loader->next());
        QTRY_COMPARE(data->reads.load(), 8);
        QElapsedTimer timer;
        timer.start();
        loader.reset(); // the destructor stops the thread blocked on the full queue
        QVERIFY(timer.elapsed() < 1000);

        // Stopping in the middle of a batch whose samples take 20 ms each (1.3 s in all)
        // does not wait for the rest of the batch.
        auto slow = std::make_shared<CountingDataset>(100, Dims{4}, 2, -1, std::chrono::milliseconds(20));
        LoaderOptions one = plain(64);
        one.workers = 1;
        DataLoader busy(slow, allIndices(*slow), {{4}, false}, one);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        timer.restart();
        busy.stop();
        QVERIFY2(timer.elapsed() < 500, std::to_string(timer.elapsed()).c_str());
        QVERIFY(slow->reads.load() < 20);
        QVERIFY(!busy.next());
    }

    void errorsReachTheConsumer()
    {
        for (int workers : {1, 3}) {
            auto data = std::make_shared<CountingDataset>(12, Dims{2, 2}, 2, 6);
            LoaderOptions o = plain(4).forValidation();
            o.workers = workers;
            DataLoader loader(data, allIndices(*data), {{2, 2}, false}, o);
            QVERIFY(loader.next());
            expectError([&] { loader.next(); }, {"sample 6 is broken"});
            expectError([&] { loader.next(); }, {"sample 6 is broken"});
        }
        // A loader whose data cannot fit the model refuses to start.
        auto data = std::make_shared<CountingDataset>(4, Dims{3, 4, 4, 1}, 2);
        expectError(
            [&] {
                DataLoader(data, allIndices(*data), {{5, 4, 4, 1}, false}, plain(2));
            },
            {"the data has shape (3, 4, 4, 1)", "(5, 4, 4, 1)"});
        expectError([&] { DataLoader(data, {}, {{3, 4, 4, 1}, false}, plain(2)); }, {"no samples"});
    }

    void defaultDatasetThroughput()
    {
        // Not a limit, a record: how long the first epoch's rendering and the cached
        // second epoch take, so a slowdown shows in the log.
        const auto data = openDataset("synthetic:dce?n=96");
        DataLoader loader(data, allIndices(*data), {{10, 64, 64, 1}, false}, LoaderOptions());
        QElapsedTimer timer;
        timer.start();
        int64_t samples = 0;
        while (std::optional<Batch> b = loader.next())
            samples += b->inputs.dim(0);
        const qint64 first = timer.restart();
        while (loader.next())
            ;
        const qint64 second = timer.elapsed();
        QCOMPARE(samples, int64_t(96));
        qInfo("96 DCE phantom samples: first epoch %lld ms, cached epoch %lld ms", first, second);
    }
};

QTEST_APPLESS_MAIN(TestDataLoader)
#include "tst_data_loader.moc"
