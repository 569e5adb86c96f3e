// The .safetensors reader and writer: round trips, every dtype the reader converts,
// files written by hand to the format's specification, and corrupt files.
#include "tensor/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <random>

using namespace volnet;

namespace {

// A file laid out by hand as the specification says: u64 little-endian header size,
// the JSON header, then the data.
std::string handMade(const std::string &header, const std::string &data)
{
    std::string out;
    for (int i = 0; i < 8; ++i)
        out += char((uint64_t(header.size()) >> (8 * i)) & 0xff);
    return out + header + data;
}

std::string bytesOf(std::initializer_list<int> bytes)
{
    std::string s;
    for (int b : bytes)
        s += char(b);
    return s;
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }
    void writeRaw(const std::string &file, const std::string &bytes) const
    {
        std::ofstream(file, std::ios::binary) << bytes;
    }

private slots:
    void roundTrip()
    {
        TensorFile f;
        f.tensors["conv3d_1.kernel"] = Tensor({3, 3, 3, 1, 2}, std::vector<float>(54, 0.25f));
        f.tensors["conv3d_1.bias"] = Tensor({2}, {-1.5f, 3e-8f});
        f.tensors["scalar"] = Tensor(Dims{}, std::vector<float>{7.0f});
        f.metadata["format"] = "volnet-weights";
        std::string error;
        QVERIFY2(writeSafetensors(path("w.safetensors"), f, &error), error.c_str());
        const TensorFileResult r = readSafetensors(path("w.safetensors"));
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.file.tensors.size(), size_t(3));
        QVERIFY(r.file.tensors.at("conv3d_1.kernel") == f.tensors.at("conv3d_1.kernel"));
        QVERIFY(r.file.tensors.at("conv3d_1.bias") == f.tensors.at("conv3d_1.bias"));
        QVERIFY(r.file.tensors.at("scalar") == f.tensors.at("scalar"));
        QCOMPARE(r.file.metadata.at("format"), std::string("volnet-weights"));

        // The data starts 8-byte aligned, as the format asks.
        std::ifstream in(path("w.safetensors"), std::ios::binary);
        uint64_t headerSize = 0;
        in.read(reinterpret_cast<char *>(&headerSize), 8);
        QCOMPARE(headerSize % 8, uint64_t(0));
    }

    void readsOtherDtypes()
    {
        // F16 1.0 = 0x3c00, -2.0 = 0xc000, smallest subnormal 0x0001 = 2^-24; BF16 1.0 = 0x3f80;
        // F64 0.5; I16 -3; U8 200.
        const std::string header = R"({"h":{"dtype":"F16","shape":[3],"data_offsets":[0,6]},)"
                                   R"("b":{"dtype":"BF16","shape":[1],"data_offsets":[6,8]},)"
                                   R"("d":{"dtype":"F64","shape":[1],"data_offsets":[8,16]},)"
                                   R"("i":{"dtype":"I16","shape":[1,1],"data_offsets":[16,18]},)"
                                   R"("u":{"dtype":"U8","shape":[1],"data_offsets":[18,19]}})";
        const std::string data = bytesOf({0x00, 0x3c, 0x00, 0xc0, 0x01, 0x00, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0xe0,
                                          0x3f, 0xfd, 0xff, 200});
        writeRaw(path("dtypes.safetensors"), handMade(header, data));
        const TensorFileResult r = readSafetensors(path("dtypes.safetensors"));
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.file.tensors.at("h").values(), (std::vector<float>{1.0f, -2.0f, 0x1p-24f}));
        QCOMPARE(r.file.tensors.at("b")[0], 1.0f);
        QCOMPARE(r.file.tensors.at("d")[0], 0.5f);
        QCOMPARE(r.file.tensors.at("i").shape(), (Dims{1, 1}));
        QCOMPARE(r.file.tensors.at("i")[0], -3.0f);
        QCOMPARE(r.file.tensors.at("u")[0], 200.0f);
    }

    void corruptFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        const std::string ok = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        auto row = [](const char *name, const std::string &bytes, const char *expected) {
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << expected;
        };
        row("short", "abc", "too short");
        row("header past end", handMade(ok, "").substr(0, 20), "does not fit");
        row("truncated data", handMade(ok, "1234"), "truncated");
        row("not json", handMade("{nope", "12345678"), "not a JSON object");
        row("unknown dtype", handMade(R"({"w":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}})", "12345678"),
            "cannot read");
        row("size mismatch", handMade(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", "12345678"),
            "needs 12");
        row("missing fields", handMade(R"({"w":{"dtype":"F32"}})", ""), "needs dtype, shape and data_offsets");
        row("negative dim", handMade(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})", ""),
            "invalid dimension");
    }
    void corruptFilesAreRefused()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        writeRaw(path("bad.safetensors"), bytes.toStdString());
        const TensorFileResult r = readSafetensors(path("bad.safetensors"));
        QVERIFY(!r.ok);
        QVERIFY2(QString::fromStdString(r.error).contains(expected), r.error.c_str());
        QVERIFY(QString::fromStdString(r.error).contains("bad.safetensors"));
    }

    void randomDamageNeverCrashes()
    {
        TensorFile f;
        f.tensors["a"] = Tensor({4, 3}, std::vector<float>(12, 1.0f));
        f.tensors["b"] = Tensor({5}, std::vector<float>(5, 2.0f));
        QVERIFY(writeSafetensors(path("good.safetensors"), f));
        std::ifstream in(path("good.safetensors"), std::ios::binary);
        const std::string good((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::mt19937 rng(7);
        int refused = 0;
        for (int i = 0; i < 500; ++i) {
            std::string bytes = good;
            for (int k = 0; k < 1 + int(rng() % 4); ++k)
                bytes[rng() % bytes.size()] = char(rng());
            if (rng() % 4 == 0)
                bytes.resize(rng() % bytes.size());
            writeRaw(path("fuzz.safetensors"), bytes);
            const TensorFileResult r = readSafetensors(path("fuzz.safetensors"));
            refused += !r.ok;
            QVERIFY(r.ok || !r.error.empty());
        }
        QVERIFY(refused > 0);
    }

    void missingFile()
    {
        const TensorFileResult r = readSafetensors(path("absent.safetensors"));
        QVERIFY(!r.ok);
        QVERIFY(r.error.find("absent.safetensors") != std::string::npos);
        std::string error;
        QVERIFY(!writeSafetensors(path("no/such/dir/w.safetensors"), TensorFile{}, &error));
        QVERIFY(error.find("no/such/dir") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "tst_tensor_safetensors.moc"
