// The Vulkan runtime's foundations: embedded shaders, device choice, the errors a user
// sees, buffers and their uploads, the on-disk pipeline cache. With VOLNET_VALIDATION=1
// every test also fails on any message of the validation layer.
#include "vk/buffer.h"
#include "vk/context.h"
#include "vk/error.h"
#include "vk/instance.h"
#include "vk/kernel.h"
#include "vk/pipeline_cache.h"
#include "vk/spirv_registry.h"

#include <QtTest>

#include <filesystem>
#include <fstream>
#include <memory>
#include <numeric>

using namespace volnet::vk;
namespace fs = std::filesystem;

namespace {

// Sets an environment variable for one scope and restores the old value after.
class ScopedEnv {
public:
    ScopedEnv(const char *name, const QByteArray &value) : m_name(name), m_had(qEnvironmentVariableIsSet(name))
    {
        m_old = qgetenv(name);
        qputenv(name, value);
    }
    ~ScopedEnv()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

template<typename F> Error errorFrom(F &&f)
{
    try {
        f();
    } catch (const Error &e) {
        return e;
    }
    return Error(Error::Kind::Failure, "no error was thrown");
}

std::vector<fs::path> filesIn(const fs::path &dir)
{
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(dir))
        files.push_back(entry.path());
    return files;
}

DeviceInfo fakeDevice(int index, DeviceType type, bool usable = true)
{
    DeviceInfo d;
    d.index = index;
    d.name = "device " + std::to_string(index);
    d.type = type;
    d.usable = usable;
    return d;
}

} // namespace

class TestVkRuntime : public QObject {
    Q_OBJECT

    QTemporaryDir m_cacheRoot;
    std::unique_ptr<Context> m_context;
    std::unique_ptr<Context> m_staged; // copies through staging buffers, as on a discrete GPU
    uint64_t m_messages = 0;
    uint64_t m_stagedMessages = 0;

    ContextOptions options(const QString &cacheName) const
    {
        ContextOptions o;
        o.cacheDir = fs::path(m_cacheRoot.filePath(cacheName).toStdString());
        return o;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_cacheRoot.isValid());
        m_context = std::make_unique<Context>(options("shared"));
        ContextOptions staged = options("shared");
        staged.directMapping = false;
        m_staged = std::make_unique<Context>(staged);
        qInfo("device: %s (%s), validation %s", m_context->device().name.c_str(),
              m_context->device().driverInfo.c_str(), m_context->validation() ? "on" : "off");
    }

    void cleanupTestCase()
    {
        m_staged.reset();
        m_context.reset();
    }

    void init()
    {
        m_messages = m_context->validationMessageCount();
        m_stagedMessages = m_staged->validationMessageCount();
    }

    void cleanup()
    {
        QCOMPARE(m_context->validationMessageCount(), m_messages);
        QCOMPARE(m_staged->validationMessageCount(), m_stagedMessages);
    }

    void validationFollowsTheEnvironment() { QCOMPARE(m_context->validation(), qgetenv("VOLNET_VALIDATION") == "1"); }

    void shadersAreEmbedded()
    {
        const auto shaders = embeddedShaders();
        QVERIFY(shaders.size() >= 3);
        QVERIFY(std::is_sorted(shaders.begin(), shaders.end(),
                               [](const EmbeddedShader &a, const EmbeddedShader &b) { return a.name < b.name; }));
        const auto axpy = embeddedSpirv("vk_selftest_axpy");
        QVERIFY(axpy.size() > 5);
        QCOMPARE(axpy[0], 0x07230203u); // the SPIR-V magic number
        QVERIFY(embeddedSpirv("no_such_shader").empty());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Kernel(*m_context, {"no_such_shader", 1}));
    }

    void deviceInfoIsComplete()
    {
        const DeviceInfo &d = m_context->device();
        QVERIFY(!d.name.empty());
        QVERIFY(d.usable);
        QVERIFY(d.apiVersion >= VK_API_VERSION_1_1);
        QVERIFY(d.deviceMemory > 0);
        QVERIFY(d.subgroupSize > 0);
        QVERIFY(d.maxStorageBufferRange > 0);
        QVERIFY(d.minStorageBufferOffsetAlignment > 0);
        QVERIFY(d.maxMemoryAllocationSize > 0);
        for (uint32_t count : d.maxWorkGroupCount)
            QVERIFY(count > 0);
        QVERIFY(d.maxWorkGroupInvocations >= 128); // the least Vulkan allows
        QVERIFY(d.maxWorkGroupSize[0] >= 128);
        QVERIFY(d.maxSharedMemorySize >= 16384);
    }

    void devicePreferenceOrder()
    {
        const std::vector<DeviceInfo> devices{fakeDevice(0, DeviceType::Cpu), fakeDevice(1, DeviceType::Integrated),
                                              fakeDevice(2, DeviceType::Discrete, false),
                                              fakeDevice(3, DeviceType::Virtual), fakeDevice(4, DeviceType::Discrete)};
        QCOMPARE(chooseDevice(devices, std::nullopt), 4);
        QCOMPARE(chooseDevice({devices.begin(), devices.begin() + 4}, std::nullopt), 1);
        QCOMPARE(chooseDevice({fakeDevice(0, DeviceType::Cpu), fakeDevice(1, DeviceType::Virtual)}, std::nullopt),
                 1);                           // virtual before CPU
        QCOMPARE(chooseDevice(devices, 0), 0); // asked for: chosen whatever its type
        const Error unusable = errorFrom([&] { chooseDevice(devices, 2); });
        QCOMPARE(unusable.kind(), Error::Kind::BadDevice);
        QCOMPARE(errorFrom([] { chooseDevice({}, std::nullopt); }).kind(), Error::Kind::NoDriver);
    }

    void badDeviceIndexListsTheValidOnes()
    {
        ContextOptions o = options("bad");
        o.device = 99;
        const Error e = errorFrom([&] { Context c(o); });
        QCOMPARE(e.kind(), Error::Kind::BadDevice);
        const QString message = e.what();
        QVERIFY2(message.contains("no Vulkan device 99"), e.what());
        QVERIFY2(message.contains(QString::fromStdString("0 (" + m_context->device().name)), e.what());

        const ScopedEnv env("VOLNET_DEVICE", "99");
        QCOMPARE(errorFrom([&] { Context c(options("bad")); }).kind(), Error::Kind::BadDevice);
        const ScopedEnv notANumber("VOLNET_DEVICE", "first");
        const Error e2 = errorFrom([&] { Context c(options("bad")); });
        QCOMPARE(e2.kind(), Error::Kind::BadDevice);
        QVERIFY2(QString(e2.what()).contains("VOLNET_DEVICE=first"), e2.what());
    }

    void deviceIndexFromTheEnvironment()
    {
        const ScopedEnv env("VOLNET_DEVICE", QByteArray::number(m_context->device().index));
        Context c(options("env"));
        QCOMPARE(c.device().index, m_context->device().index);
        QCOMPARE(c.validationMessageCount(), uint64_t(0));
    }

    void noDriverIsExplained()
    {
        // The loader reads these when an instance is created: no driver can be found.
        const ScopedEnv drivers("VK_DRIVER_FILES", "/nonexistent/volnet_no_driver.json");
        const ScopedEnv icds("VK_ICD_FILENAMES", "/nonexistent/volnet_no_driver.json");
        const Error e = errorFrom([&] { Context c(options("none")); });
        QCOMPARE(e.kind(), Error::Kind::NoDriver);
        QVERIFY2(QString(e.what()).startsWith("No Vulkan device found"), e.what());
        QVERIFY2(QString(e.what()).contains("mesa-vulkan-drivers"), e.what());
    }

    void missingValidationLayerIsExplained()
    {
        const ScopedEnv layers("VK_LAYER_PATH", "/nonexistent/volnet_no_layers");
        const Error e = errorFrom([] { Instance instance(true); });
        QCOMPARE(e.kind(), Error::Kind::NoValidationLayer);
        QVERIFY2(QString(e.what()).contains("vulkan-validationlayers"), e.what());
    }

    void roundTripOddSizes_data()
    {
        QTest::addColumn<bool>("staged");
        QTest::newRow("mapped where possible") << false;
        QTest::newRow("through staging") << true;
    }

    void roundTripOddSizes()
    {
        QFETCH(bool, staged);
        Context &context = staged ? *m_staged : *m_context;
        const uint64_t sizes[] = {1, 3, 4, 5, 7, 13, 1000, 4099, 65537, (1u << 20) + 3};
        for (uint64_t size : sizes) {
            for (uint64_t offset : {0, 1, 3}) {
                Buffer buffer(context, offset + size + 5);
                QCOMPARE(buffer.mapped() != nullptr, context.directMapping());
                const std::vector<uint8_t> zeros(buffer.size(), 0);
                buffer.upload(zeros.data(), zeros.size());
                std::vector<uint8_t> data(size);
                for (size_t i = 0; i < size; ++i)
                    data[i] = uint8_t(i * 131 + size + offset);
                buffer.upload(data.data(), size, offset);

                std::vector<uint8_t> back(size);
                buffer.readback(back.data(), size, offset);
                QVERIFY2(back == data, qPrintable(QString("size %1 at offset %2").arg(size).arg(offset)));
                const auto whole = buffer.readback<uint8_t>(buffer.size());
                QVERIFY(std::all_of(whole.begin(), whole.begin() + offset, [](uint8_t b) { return b == 0; }));
                QVERIFY(std::all_of(whole.begin() + offset + size, whole.end(), [](uint8_t b) { return b == 0; }));
            }
        }
        QVERIFY(!m_staged->directMapping());
    }

    void stagingCopiesInPieces()
    {
        // Larger than the staging buffer holds at once.
        const size_t count = (72u << 20) / 4 + 3;
        Buffer buffer(*m_staged, count * 4);
        std::vector<uint32_t> data(count);
        std::iota(data.begin(), data.end(), 7u);
        buffer.upload(std::span<const uint32_t>(data));
        QVERIFY(buffer.readback<uint32_t>(count) == data);
    }

    void rangesAreChecked()
    {
        Buffer buffer(*m_context, 64);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, buffer.range(60, 8));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, buffer.range(65, 0));
        QCOMPARE(buffer.range(16, 48).sub(8, 8).offset, uint64_t(24));
        char byte = 0;
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, buffer.upload(&byte, 1, 64));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Buffer(*m_context, 0));
    }

    void outOfMemoryIsExplained()
    {
        const uint64_t huge = 1ull << 40;
        const Error e = errorFrom([&] { Buffer b(*m_context, huge); });
        QCOMPARE(e.kind(), Error::Kind::OutOfMemory);
        QVERIFY2(QString(e.what()).contains("1 TiB"), e.what());
        QVERIFY2(QString(e.what()).contains("smaller batch"), e.what());
    }

    void bytesAreReadable()
    {
        QCOMPARE(formatBytes(512), std::string("512 B"));
        QCOMPARE(formatBytes(128ull << 20), std::string("128 MiB"));
        QCOMPARE(formatBytes(3ull << 29), std::string("1.5 GiB"));
        QCOMPARE(formatBytes(2ull << 30), std::string("2 GiB"));
    }

    void cacheDirectoryFromTheEnvironment()
    {
        {
            const ScopedEnv dir("VOLNET_CACHE_DIR", "/tmp/volnet-cache-test");
            QCOMPARE(defaultCacheDir(), fs::path("/tmp/volnet-cache-test"));
        }
        const ScopedEnv noDir("VOLNET_CACHE_DIR", "");
        {
            const ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
            QCOMPARE(defaultCacheDir(), fs::path("/tmp/xdg/volnet"));
        }
        const ScopedEnv relative("XDG_CACHE_HOME", "relative/dir"); // ignored, as the XDG spec says
        const ScopedEnv home("HOME", "/home/someone");
        QCOMPARE(defaultCacheDir(), fs::path("/home/someone/.cache/volnet"));
    }

    void pipelineCacheIsSavedAndReloaded()
    {
        QTemporaryDir dir;
        const ContextOptions o = [&] {
            ContextOptions opts;
            opts.cacheDir = fs::path(dir.path().toStdString());
            return opts;
        }();
        const KernelDesc desc{"vk_selftest_axpy", 2, 8, {{0, 64u}}};
        {
            Context first(o);
            QCOMPARE(first.pipelineCache().status(), PipelineCache::Status::Empty);
            Kernel kernel(first, desc);
            QCOMPARE(first.validationMessageCount(), uint64_t(0));
        }
        const std::vector<fs::path> files = filesIn(dir.path().toStdString());
        QCOMPARE(files.size(), size_t(1)); // no temporary file left behind
        const fs::path file = files[0];
        QVERIFY(file.filename().string().starts_with("pipelines-"));
        QVERIFY(fs::file_size(file) > 32);

        const auto reopen = [&](PipelineCache::Status expected) {
            Context again(o);
            QCOMPARE(again.pipelineCache().status(), expected);
            QCOMPARE(again.pipelineCache().path(), file);
            Kernel kernel(again, desc);
            QCOMPARE(again.validationMessageCount(), uint64_t(0));
        };
        reopen(PipelineCache::Status::Loaded);

        // A damaged byte in the middle, a torn file, then plain garbage: each is ignored,
        // and the next run writes a good file again.
        const auto size = fs::file_size(file);
        {
            std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(std::streamoff(size / 2));
            f.put('\x5a' ^ char(size));
        }
        reopen(PipelineCache::Status::Rejected);
        reopen(PipelineCache::Status::Loaded);
        fs::resize_file(file, size / 3);
        reopen(PipelineCache::Status::Rejected);
        {
            std::ofstream f(file, std::ios::binary | std::ios::trunc);
            f << "VNPC but not really a pipeline cache";
        }
        reopen(PipelineCache::Status::Rejected);
        reopen(PipelineCache::Status::Loaded);
    }

    void pipelineCacheInMemoryOnly()
    {
        ContextOptions o;
        o.cacheDir = fs::path();
        Context c(o);
        QVERIFY(c.pipelineCache().path().empty());
        Kernel kernel(c, {"vk_selftest_axpy", 2, 8, {{0, 64u}}});
        QVERIFY(c.pipelineCache().save());
    }
};

QTEST_APPLESS_MAIN(TestVkRuntime)
#include "tst_vk_runtime.moc"
