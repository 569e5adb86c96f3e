// Recording and running kernels: results, the barriers between dependent commands (and
// their absence between independent ones), constants reaching shaders, grids beyond the
// device's workgroup-count limit, tensors beyond what one descriptor binds, timestamps.
// With VOLNET_VALIDATION=1 every test also fails on any message of the validation layer,
// synchronisation validation included.
#include "vk/buffer.h"
#include "vk/context.h"
#include "vk/grid.h"
#include "vk/kernel.h"
#include "vk/recorder.h"

#include <QtTest>

#include <bit>
#include <memory>
#include <numeric>

using namespace volnet::vk;

namespace {

// The push-constant blocks of shaders/vk_selftest_*.comp.
struct AxpyPush {
    uint32_t count;
    float a;
};
struct IndexPush {
    uint32_t count;
    uint32_t first;
    uint32_t mul;
};
struct ConstantsPush {
    uint32_t u;
    int32_t i;
    float f;
};

const uint32_t kGroupSize = 64;

KernelDesc axpyDesc()
{
    return {"vk_selftest_axpy", 2, sizeof(AxpyPush), {{0, kGroupSize}}};
}

KernelDesc indexDesc(uint32_t groupSize)
{
    return {"vk_selftest_index", 1, sizeof(IndexPush), {{0, groupSize}}};
}

Buffer floats(Context &context, const std::vector<float> &values)
{
    Buffer b(context, values.size() * sizeof(float));
    b.upload(std::span<const float>(values));
    return b;
}

std::vector<float> readFloats(const Buffer &b)
{
    return b.readback<float>(b.size() / sizeof(float));
}

// y = a·x + y over all of x and y.
void axpy(Recorder &rec, const Kernel &kernel, const Buffer &x, const Buffer &y, float a)
{
    const uint32_t n = uint32_t(y.size() / sizeof(float));
    rec.dispatch(kernel, divideRoundingUp(n, kGroupSize), {reads(x.whole()), readsWrites(y.whole())},
                 asPushConstants(AxpyPush{n, a}));
}

} // namespace

class TestVkRecorder : public QObject {
    Q_OBJECT

    QTemporaryDir m_cacheDir;
    std::unique_ptr<Context> m_context;
    std::unique_ptr<Kernel> m_axpy;
    std::unique_ptr<Kernel> m_index;
    uint64_t m_messages = 0;

    ContextOptions options() const
    {
        ContextOptions o;
        o.cacheDir = std::filesystem::path(m_cacheDir.path().toStdString());
        return o;
    }

    // Runs vk_selftest_index over `count` uint32 elements starting at 1: afterwards
    // element i must be 3 + i.
    void checkIndexKernel(Context &context, const Kernel &kernel, uint32_t groupSize, uint64_t count)
    {
        Buffer data(context, count * 4);
        const std::vector<uint32_t> ones(count, 1);
        data.upload(std::span<const uint32_t>(ones));
        Recorder rec(context);
        rec.dispatch(kernel, divideRoundingUp(count, groupSize), {readsWrites(data.whole())},
                     asPushConstants(IndexPush{uint32_t(count), 0, 3}));
        rec.submitAndWait();
        const auto result = data.readback<uint32_t>(count);
        for (uint64_t i = 0; i < count; ++i) {
            if (result[i] != 3 + i)
                QFAIL(qPrintable(QString("element %1 is %2").arg(i).arg(result[i])));
        }
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cacheDir.isValid());
        m_context = std::make_unique<Context>(options());
        m_axpy = std::make_unique<Kernel>(*m_context, axpyDesc());
        m_index = std::make_unique<Kernel>(*m_context, indexDesc(kGroupSize));
    }

    void cleanupTestCase()
    {
        m_index.reset();
        m_axpy.reset();
        m_context.reset();
    }

    void init() { m_messages = m_context->validationMessageCount(); }
    void cleanup() { QCOMPARE(m_context->validationMessageCount(), m_messages); }

    void dependentChainGetsOneBarrierEach()
    {
        // b[k+1] += b[k]: each dispatch reads what the one before wrote.
        const size_t n = 4099;
        std::vector<float> first(n);
        std::iota(first.begin(), first.end(), 0.0f);
        std::vector<Buffer> b;
        b.push_back(floats(*m_context, first));
        for (int k = 1; k <= 20; ++k)
            b.push_back(floats(*m_context, std::vector<float>(n, 1.0f)));

        Recorder rec(*m_context);
        for (int k = 0; k < 20; ++k)
            axpy(rec, *m_axpy, b[k], b[k + 1], 1.0f);
        QCOMPARE(rec.dispatchCount(), 20);
        QCOMPARE(rec.barrierCount(), 19);
        rec.submitAndWait();

        for (int k = 1; k <= 20; ++k) {
            const auto v = readFloats(b[k]);
            for (size_t i = 0; i < n; ++i) {
                if (v[i] != float(i + k))
                    QFAIL(qPrintable(QString("b[%1][%2] = %3").arg(k).arg(i).arg(v[i])));
            }
        }
    }

    void independentDispatchesGetNoBarrier()
    {
        // Twenty dispatches read one shared input and each writes its own output; two more
        // write the two halves of one buffer.
        const size_t n = 1000;
        const Buffer shared = floats(*m_context, std::vector<float>(n, 2.0f));
        std::vector<Buffer> outputs;
        for (int k = 0; k < 20; ++k)
            outputs.push_back(floats(*m_context, std::vector<float>(n, float(k))));
        const Buffer halves = floats(*m_context, std::vector<float>(2 * n, 1.0f));

        Recorder rec(*m_context);
        for (int k = 0; k < 20; ++k)
            axpy(rec, *m_axpy, shared, outputs[k], float(k));
        for (uint64_t half : {0, 1}) {
            const BufferRange part = halves.range(half * n * 4, n * 4);
            rec.dispatch(*m_axpy, divideRoundingUp(n, kGroupSize), {reads(shared.whole()), readsWrites(part)},
                         asPushConstants(AxpyPush{uint32_t(n), 10.0f * float(half + 1)}));
        }
        QCOMPARE(rec.dispatchCount(), 22);
        QCOMPARE(rec.barrierCount(), 0);
        rec.submitAndWait();

        for (int k = 0; k < 20; ++k)
            QCOMPARE(readFloats(outputs[k]), std::vector<float>(n, 3.0f * float(k)));
        const auto h = readFloats(halves);
        QCOMPARE(std::vector<float>(h.begin(), h.begin() + n), std::vector<float>(n, 21.0f));
        QCOMPARE(std::vector<float>(h.begin() + n, h.end()), std::vector<float>(n, 41.0f));
    }

    void writeAfterReadGetsABarrier()
    {
        const size_t n = 512;
        const Buffer x = floats(*m_context, std::vector<float>(n, 1.0f));
        const Buffer y = floats(*m_context, std::vector<float>(n, 0.0f));
        const Buffer z = floats(*m_context, std::vector<float>(n, 5.0f));
        Recorder rec(*m_context);
        axpy(rec, *m_axpy, x, y, 1.0f); // reads x
        axpy(rec, *m_axpy, z, x, 1.0f); // then writes it
        QCOMPARE(rec.barrierCount(), 1);
        axpy(rec, *m_axpy, z, x, 1.0f); // and writes it again
        QCOMPARE(rec.barrierCount(), 2);
        rec.submitAndWait();
        QCOMPARE(readFloats(y), std::vector<float>(n, 1.0f));
        QCOMPARE(readFloats(x), std::vector<float>(n, 11.0f));
    }

    void transfersTakePartInTheOrder()
    {
        const size_t n = 300;
        const Buffer x = floats(*m_context, std::vector<float>(n, 4.0f));
        Buffer y(*m_context, n * 4);
        Buffer z(*m_context, n * 4);
        Recorder rec(*m_context);
        rec.fill(y.whole(), std::bit_cast<uint32_t>(1.0f));
        axpy(rec, *m_axpy, x, y, 2.0f); // reads the fill's result
        rec.copy(y.whole(), z.whole()); // reads the dispatch's
        QCOMPARE(rec.barrierCount(), 2);
        rec.fill(x.range(0, 16), 0); // x was read before the last barrier: no new one
        QCOMPARE(rec.barrierCount(), 2);
        rec.submitAndWait();
        QCOMPARE(readFloats(z), std::vector<float>(n, 9.0f));
        const auto xs = readFloats(x);
        QCOMPARE(xs[3], 0.0f);
        QCOMPARE(xs[4], 4.0f);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, rec.fill(x.whole(), 0)); // submitted: no more recording
    }

    void constantsReachTheShader()
    {
        const KernelDesc desc{
            "vk_selftest_constants", 1, sizeof(ConstantsPush), {{1, 0xdeadbeefu}, {2, int32_t(-7)}, {3, 2.5f}}};
        Kernel kernel(*m_context, desc);
        Buffer out(*m_context, 6 * 4);
        Recorder rec(*m_context);
        rec.dispatch(kernel, 1, {writes(out.whole())}, asPushConstants(ConstantsPush{42, -3, 0.125f}));
        rec.submitAndWait();
        const std::vector<uint32_t> expected{0xdeadbeefu, uint32_t(-7), std::bit_cast<uint32_t>(2.5f),
                                             42u,         uint32_t(-3), std::bit_cast<uint32_t>(0.125f)};
        QCOMPARE(out.readback<uint32_t>(6), expected);
    }

    void mismatchesAreRefused()
    {
        Buffer a(*m_context, 1024);
        Recorder rec(*m_context);
        const AxpyPush push{256, 1.0f};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 rec.dispatch(*m_axpy, 4, {readsWrites(a.whole())}, asPushConstants(push)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 rec.dispatch(*m_axpy, 4, {reads(a.whole()), readsWrites(a.whole())}));
        const uint64_t misaligned = m_context->device().minStorageBufferOffsetAlignment / 2 + 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 rec.dispatch(*m_axpy, 4, {reads(a.range(misaligned, 512)), writes(a.range(512, 512))},
                                              asPushConstants(push)));
        QCOMPARE(rec.dispatchCount(), 0);
        rec.submitAndWait(); // an empty recording runs too
    }

    void gridBeyondTheDeviceLimit()
    {
        const uint32_t limit = m_context->device().maxWorkGroupCount[0];
        const uint32_t groupSize = 8;
        if (limit > (1u << 20))
            QSKIP("the device's grid limit is too large to exceed cheaply; "
                  "gridBeyondASimulatedLimit covers the folding");
        Kernel small(*m_context, indexDesc(groupSize));
        checkIndexKernel(*m_context, small, groupSize, (uint64_t(limit) + 1) * groupSize - 3); // limit + 1 groups
    }

    void gridBeyondASimulatedLimit()
    {
        ContextOptions o = options();
        o.workGroupCountLimit = 7; // 300 groups need 7×7×7
        Context context(o);
        QCOMPARE(context.device().maxWorkGroupCount[0], 7u);
        {
            Kernel kernel(context, indexDesc(8));
            checkIndexKernel(context, kernel, 8, 300 * 8 - 3);
        }
        QCOMPARE(context.validationMessageCount(), uint64_t(0));
    }

    void bufferBeyondTheStorageRange()
    {
        const DeviceInfo &device = m_context->device();
        const uint64_t bytes = uint64_t(device.maxStorageBufferRange) * 3 / 2 + 4004;
        if (bytes > (1ull << 30) || bytes > device.maxMemoryAllocationSize || bytes > device.deviceMemory / 2)
            QSKIP("the device binds more at once than this test can afford to exceed");
        const uint64_t count = bytes / 4;
        Buffer buffer(*m_context, count * 4);
        buffer.upload(std::span<const uint32_t>(std::vector<uint32_t>(count, 1)));

        // Large workgroups: lavapipe's cost per workgroup dominates under sanitizers.
        const uint32_t groupSize = std::min({512u, device.maxWorkGroupInvocations, device.maxWorkGroupSize[0]});
        Kernel kernel(*m_context, indexDesc(groupSize));
        const std::vector<Chunk> chunks = bindableChunks(count, 4, device);
        QCOMPARE(chunks.size(), size_t(2));
        Recorder rec(*m_context);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, // too large for one binding
                                 rec.dispatch(kernel, divideRoundingUp(count, groupSize), {readsWrites(buffer.whole())},
                                              asPushConstants(IndexPush{uint32_t(count), 0, 3})));
        for (const Chunk &c : chunks)
            rec.dispatch(kernel, divideRoundingUp(c.count, groupSize),
                         {readsWrites(buffer.range(c.first * 4, c.count * 4))},
                         asPushConstants(IndexPush{uint32_t(c.count), uint32_t(c.first), 3}));
        QCOMPARE(rec.barrierCount(), 0); // the windows do not overlap
        rec.submitAndWait();

        // Element i must be 3 + i. Checked at the ends, around the chunk boundary, and at a
        // prime stride in between: a window bound at the wrong offset shifts whole runs.
        const auto result = buffer.readback<uint32_t>(count);
        const uint64_t boundary = chunks[1].first;
        std::vector<uint64_t> checked{0, 1, boundary - 1, boundary, boundary + 1, count - 1};
        for (uint64_t i = 0; i < count; i += 9973)
            checked.push_back(i);
        for (uint64_t i : checked) {
            if (result[i] != uint32_t(3 + i))
                QFAIL(qPrintable(QString("element %1 of %2 is %3").arg(i).arg(count).arg(result[i])));
        }
    }

    void timestampsMeasureEachDispatch()
    {
        if (!m_context->timestamps())
            QSKIP("the device's compute queue has no timestamps");
        const size_t n = 1 << 16;
        const Buffer x = floats(*m_context, std::vector<float>(n, 1.0f));
        const Buffer y = floats(*m_context, std::vector<float>(n, 0.0f));
        Recorder rec(*m_context, {.timestamps = true});
        for (const char *label : {"first", "second", "third"})
            rec.dispatch(*m_axpy, divideRoundingUp(n, kGroupSize), {reads(x.whole()), readsWrites(y.whole())},
                         asPushConstants(AxpyPush{uint32_t(n), 1.0f}), label);
        rec.setSection("last part");
        rec.dispatch(*m_axpy, divideRoundingUp(n, kGroupSize), {reads(x.whole()), readsWrites(y.whole())},
                     asPushConstants(AxpyPush{uint32_t(n), 1.0f}));
        QVERIFY(rec.timings().empty()); // nothing measured before the submission ran
        rec.submitAndWait();
        const auto &t = rec.timings();
        QCOMPARE(t.size(), size_t(4));
        QCOMPARE(t[0].label, std::string("first"));
        QCOMPARE(t[2].label, std::string("third"));
        QCOMPARE(t[3].label, std::string("vk_selftest_axpy"));
        QCOMPARE(t[2].section, std::string());
        QCOMPARE(t[3].section, std::string("last part"));
        for (const DispatchTiming &d : t)
            QVERIFY2(d.milliseconds >= 0 && d.milliseconds < 60e3, qPrintable(QString::number(d.milliseconds)));
        // Starts count from the first dispatch's (a wrapped or unmasked counter would give
        // absurd values here).
        QCOMPARE(t[0].start, 0.0);
        for (const DispatchTiming &d : t)
            QVERIFY2(d.start >= 0 && d.start < 60e3, qPrintable(QString::number(d.start)));
    }

    void manyDispatchesGrowThePools()
    {
        // More dispatches than one descriptor pool or one query pool holds, each on its own
        // window of one buffer.
        const uint32_t dispatches = 600;
        const uint32_t window = 64;
        Buffer data(*m_context, uint64_t(dispatches) * window * 4);
        const std::vector<uint32_t> zeros(dispatches * window, 0);
        data.upload(std::span<const uint32_t>(zeros));
        Recorder rec(*m_context, {.timestamps = true});
        for (uint32_t d = 0; d < dispatches; ++d)
            rec.dispatch(*m_index, 1, {readsWrites(data.range(uint64_t(d) * window * 4, window * 4))},
                         asPushConstants(IndexPush{window, d * window, 1}));
        QCOMPARE(rec.barrierCount(), 0);
        rec.submitAndWait();
        if (m_context->timestamps())
            QCOMPARE(rec.timings().size(), size_t(dispatches));
        const auto result = data.readback<uint32_t>(dispatches * window);
        for (uint32_t i = 0; i < dispatches * window; ++i) {
            if (result[i] != i)
                QFAIL(qPrintable(QString("element %1 is %2").arg(i).arg(result[i])));
        }
    }

    void recordingIsResubmitted()
    {
        const size_t n = 777;
        const Buffer x = floats(*m_context, std::vector<float>(n, 2.0f));
        const Buffer y = floats(*m_context, std::vector<float>(n, 1.0f));
        Recorder rec(*m_context);
        axpy(rec, *m_axpy, x, y, 1.0f);
        rec.submit();
        QVERIFY_THROWS_EXCEPTION(std::logic_error, rec.submit()); // still pending
        while (!rec.isComplete())
            QThread::yieldCurrentThread(); // the host is free meanwhile
        rec.wait();
        rec.submitAndWait();
        rec.submitAndWait();
        QCOMPARE(readFloats(y), std::vector<float>(n, 7.0f));

        rec.reset();
        QCOMPARE(rec.dispatchCount(), 0);
        axpy(rec, *m_axpy, y, x, -1.0f);
        rec.submitAndWait();
        QCOMPARE(readFloats(x), std::vector<float>(n, -5.0f));
    }
};

QTEST_APPLESS_MAIN(TestVkRecorder)
#include "tst_vk_recorder.moc"
