// The rules that cut and order GPU work, checked without a GPU: which commands need a
// barrier, how long grids are folded, how large tensors are split into bindable chunks.
#include "vk/device_info.h"
#include "vk/grid.h"
#include "vk/hazard_tracker.h"

#include <QtTest>

using namespace volnet::vk;

namespace {

// Buffer handles are only compared, never used: any distinct values do.
VkBuffer fakeBuffer(uintptr_t id)
{
    return reinterpret_cast<VkBuffer>(id);
}

BufferRange rangeOf(uintptr_t buffer, uint64_t offset, uint64_t size)
{
    return {fakeBuffer(buffer), offset, size};
}

bool conflicts(const HazardTracker &t, std::initializer_list<Binding> bindings)
{
    return t.conflicts(std::span(bindings.begin(), bindings.size()));
}

void add(HazardTracker &t, std::initializer_list<Binding> bindings)
{
    t.add(std::span(bindings.begin(), bindings.size()));
}

} // namespace

class TestVkHazards : public QObject {
    Q_OBJECT
private slots:
    void readAfterWrite()
    {
        HazardTracker t;
        add(t, {reads(rangeOf(1, 0, 64)), writes(rangeOf(2, 0, 64))});
        QVERIFY(conflicts(t, {reads(rangeOf(2, 0, 64))}));
        QVERIFY(conflicts(t, {reads(rangeOf(2, 60, 4))}));                            // any overlap counts
        QVERIFY(!conflicts(t, {reads(rangeOf(2, 64, 64))}));                          // bytes right after: none
        QVERIFY(!conflicts(t, {reads(rangeOf(1, 0, 64)), reads(rangeOf(3, 0, 64))})); // reads after reads
    }

    void writeAfterWriteAndWriteAfterRead()
    {
        HazardTracker t;
        add(t, {reads(rangeOf(1, 0, 64)), writes(rangeOf(2, 0, 64))});
        QVERIFY(conflicts(t, {writes(rangeOf(2, 32, 64))}));     // WAW
        QVERIFY(conflicts(t, {writes(rangeOf(1, 0, 1))}));       // WAR
        QVERIFY(conflicts(t, {readsWrites(rangeOf(1, 63, 1))})); // a read-write is a write too
        QVERIFY(!conflicts(t, {writes(rangeOf(1, 64, 64)), writes(rangeOf(3, 0, 64))}));
    }

    void disjointHalvesOfOneBuffer()
    {
        HazardTracker t;
        add(t, {writes(rangeOf(1, 0, 512))});
        QVERIFY(!conflicts(t, {writes(rangeOf(1, 512, 512))}));
        add(t, {writes(rangeOf(1, 512, 512))});
        QVERIFY(conflicts(t, {reads(rangeOf(1, 256, 512))}));
    }

    void clearForgetsEverything()
    {
        HazardTracker t;
        add(t, {readsWrites(rangeOf(1, 0, 64))});
        t.clear();
        QVERIFY(!conflicts(t, {readsWrites(rangeOf(1, 0, 64))}));
    }

    void foldFitsTheLimits_data()
    {
        QTest::addColumn<quint64>("groups");
        QTest::addColumn<quint32>("limit");
        QTest::newRow("fits in x") << quint64(1000) << quint32(65535);
        QTest::newRow("exactly x") << quint64(65535) << quint32(65535);
        QTest::newRow("one over x") << quint64(65536) << quint32(65535);
        QTest::newRow("two rows") << quint64(131071) << quint32(65535);
        QTest::newRow("needs z") << quint64(300) << quint32(7);
        QTest::newRow("fills all") << quint64(343) << quint32(7);
        QTest::newRow("prime") << quint64(1000003) << quint32(1024);
    }

    void foldFitsTheLimits()
    {
        QFETCH(quint64, groups);
        QFETCH(quint32, limit);
        const std::array<uint32_t, 3> limits{limit, limit, limit};
        const auto grid = foldGroups(groups, limits);
        const uint64_t total = uint64_t(grid[0]) * grid[1] * grid[2];
        for (int i = 0; i < 3; ++i)
            QVERIFY(grid[i] >= 1 && grid[i] <= limit);
        QVERIFY(total >= groups);
        QVERIFY(total - groups < (uint64_t(grid[1]) + 1) * grid[2]); // under a row and a group per plane wasted
        if (groups <= limit)
            QCOMPARE(grid, (std::array<uint32_t, 3>{uint32_t(groups), 1, 1}));
    }

    void foldRefusesWhatCannotFit()
    {
        QVERIFY_THROWS_EXCEPTION(std::length_error, foldGroups(344, {7, 7, 7}));
        QCOMPARE(foldGroups(65536, {65535, 65535, 65535}), (std::array<uint32_t, 3>{32768, 2, 1}));
    }

    void chunksAreBindable_data()
    {
        QTest::addColumn<quint64>("count");
        QTest::addColumn<quint32>("elementSize");
        QTest::addColumn<quint32>("range");
        QTest::addColumn<quint32>("alignment");
        QTest::newRow("fits") << quint64(1000) << quint32(4) << quint32(1u << 27) << quint32(16);
        QTest::newRow("lavapipe 200 MiB float") << quint64(50u << 20) << quint32(4) << quint32(1u << 27) << quint32(16);
        QTest::newRow("odd range") << quint64(10000) << quint32(4) << quint32(1001) << quint32(16);
        QTest::newRow("12-byte elements, 256 alignment")
            << quint64(100000) << quint32(12) << quint32(65536) << quint32(256);
    }

    void chunksAreBindable()
    {
        QFETCH(quint64, count);
        QFETCH(quint32, elementSize);
        QFETCH(quint32, range);
        QFETCH(quint32, alignment);
        DeviceInfo device;
        device.maxStorageBufferRange = range;
        device.minStorageBufferOffsetAlignment = alignment;
        const std::vector<Chunk> chunks = bindableChunks(count, elementSize, device);
        uint64_t next = 0;
        for (const Chunk &c : chunks) {
            QCOMPARE(c.first, next); // contiguous, in order
            QVERIFY(c.count > 0);
            QVERIFY(c.count * elementSize <= range);
            QCOMPARE(c.first * elementSize % alignment, uint64_t(0));
            next += c.count;
        }
        QCOMPARE(next, count);
        if (uint64_t(count) * elementSize <= range)
            QCOMPARE(chunks.size(), size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestVkHazards)
#include "tst_vk_hazards.moc"
