// Host tensors and .npy files: indexing, reading what numpy writes (every dtype, byte
// order, memory order and format version we accept), writing what numpy reads, and a
// clear error (never a crash) for anything malformed.
#include "tensor/npy.h"
#include "tensor/tensor.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>

using namespace volnet;

namespace {

const std::string kFixtures = VOLNET_SOURCE_DIR "/tests/fixtures/npy/";

std::string fileBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// A .npy file with a hand-written header dict, for the malformed cases.
std::string withHeader(const std::string &dict, const std::string &data, int version = 1)
{
    std::string out = "\x93NUMPY";
    out += char(version);
    out += char(0);
    const size_t n = dict.size();
    out += char(n & 0xff);
    out += char((n >> 8) & 0xff);
    if (version > 1) {
        out += char((n >> 16) & 0xff);
        out += char((n >> 24) & 0xff);
    }
    return out + dict + data;
}

bool contains(const std::string &text, const std::string &part)
{
    return text.find(part) != std::string::npos;
}

} // namespace

class TestTensorNpy : public QObject {
    Q_OBJECT
private slots:
    void tensorIndexing()
    {
        Tensor t({2, 3, 4}, 0.0f);
        QCOMPARE(t.size(), int64_t(24));
        QCOMPARE(t.dim(-1), int64_t(4));
        QCOMPARE(t.strides(), (Dims{12, 4, 1}));
        t.at({1, 2, 3}) = 7;
        QCOMPARE(t[23], 7.0f);
        QCOMPARE(t.offset({1, 0, 2}), int64_t(14));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, t.at({2, 0, 0}));
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, t.at({0, 0}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Tensor({2, 2}, std::vector<float>{1, 2, 3}));
        const Tensor r = t.reshaped({6, 4});
        QCOMPARE(r[23], 7.0f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, t.reshaped({5, 5}));
        const Tensor scalar(Dims{}, 3.0f);
        QCOMPARE(scalar.size(), int64_t(1));
        QCOMPARE(t.cast<double>().reshaped({24})[23], 7.0);
    }

    void relativeErrorScalesByMagnitude()
    {
        const Tensor expected({3}, std::vector<float>{100, 1e-3f, -2});
        const Tensor close({3}, std::vector<float>{100, 2e-3f, -2});
        QVERIFY(std::abs(relativeError(close, expected) - 1e-5) < 1e-9);
        QVERIFY(std::isinf(relativeError(close, Tensor({1, 3}, 0.0f))));
        const Tensor nan({3}, std::vector<float>{NAN, 0, 0});
        QVERIFY(std::isinf(relativeError(nan, expected)));
    }

    void readsEveryDtype_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<float>("offset"); // value of element i is i + offset
        for (const char *order : {"le", "be"}) {
            for (const char *code : {"f4", "f8", "i1", "i2", "i4", "i8"}) {
                const QString f = QString("%1_%2.npy").arg(code, order);
                QTest::newRow(qPrintable(f)) << f << -5.0f;
            }
            for (const char *code : {"u1", "u2", "u4", "u8"}) {
                const QString f = QString("%1_%2.npy").arg(code, order);
                QTest::newRow(qPrintable(f)) << f << 0.0f;
            }
        }
        QTest::newRow("fortran f4") << "fortran_f4.npy" << -5.0f;
        QTest::newRow("fortran i2 big-endian") << "fortran_i2_be.npy" << -5.0f;
        QTest::newRow("version 2") << "v2_f4.npy" << -5.0f;
        QTest::newRow("version 3") << "v3_f4.npy" << -5.0f;
    }

    void readsEveryDtype()
    {
        QFETCH(QString, file);
        QFETCH(float, offset);
        const NpyResult r = readNpy(kFixtures + file.toStdString());
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.tensor.shape(), (Dims{2, 3, 4}));
        for (int64_t i = 0; i < 24; ++i)
            QCOMPARE(r.tensor[i], float(i) + offset);
    }

    void readsBoolScalarAndEmpty()
    {
        const NpyResult b = readNpy(kFixtures + "bool.npy");
        QVERIFY2(b.ok, b.error.c_str());
        for (int64_t i = 0; i < 24; ++i)
            QCOMPARE(b.tensor[i], i % 3 == 0 ? 1.0f : 0.0f);
        const NpyResult s = readNpy(kFixtures + "scalar_f8.npy");
        QVERIFY2(s.ok, s.error.c_str());
        QCOMPARE(s.tensor.shape(), Dims{});
        QCOMPARE(s.tensor[0], 2.5f);
        const NpyResult e = readNpy(kFixtures + "empty_f4.npy");
        QVERIFY2(e.ok, e.error.c_str());
        QCOMPARE(e.tensor.shape(), (Dims{0, 3}));
    }

    void refusesUnsupportedDtypes()
    {
        const NpyResult half = readNpy(kFixtures + "half.npy");
        QVERIFY(!half.ok);
        QVERIFY2(contains(half.error, "half.npy") && contains(half.error, "'<f2' is not supported"),
                 half.error.c_str());
        const NpyResult structured = readNpy(kFixtures + "structured.npy");
        QVERIFY(!structured.ok);
        QVERIFY2(contains(structured.error, "structured"), structured.error.c_str());
    }

    void writesWhatItReads()
    {
        const QTemporaryDir dir;
        const std::string path = dir.filePath("t.npy").toStdString();
        Tensor t({2, 1, 3}, std::vector<float>{1.5f, -2, 3e-8f, 1e30f, 0, -0.25f});
        std::string error;
        QVERIFY2(writeNpy(path, t, &error), error.c_str());
        const std::string bytes = fileBytes(path);
        QCOMPARE(bytes.size() % 64, size_t(24 % 64)); // header padded to 64, then 6 floats
        QCOMPARE(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
        const NpyResult r = readNpy(path);
        QVERIFY2(r.ok, r.error.c_str());
        QCOMPARE(r.tensor, t);
        const Tensor scalar(Dims{}, 4.0f);
        QVERIFY(writeNpy(path, scalar));
        QCOMPARE(readNpy(path).tensor, scalar);
        QVERIFY(!writeNpy(dir.filePath("missing/dir/t.npy").toStdString(), t, &error));
        QVERIFY2(contains(error, "missing/dir/t.npy"), error.c_str());
    }

    void malformedFilesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const std::string f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n";
        const std::string twoFloats(8, '\0');
        auto row = [](const char *name, const std::string &bytes, const char *problem) {
            QTest::newRow(name) << QByteArray(bytes.data(), qsizetype(bytes.size())) << QString(problem);
        };
        row("empty", "", "not a .npy file");
        row("text", "hello world, not numpy", "not a .npy file");
        row("version 4", withHeader(f4, twoFloats, 4), "version 4.0 is not supported");
        row("header past end", withHeader(f4, twoFloats).substr(0, 30), "the header is said to be");
        row("no dict", withHeader("nothing here\n", twoFloats), "expected '{'");
        row("missing shape", withHeader("{'descr': '<f4', 'fortran_order': False}\n", twoFloats), "lacks one of");
        row("unknown key", withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}\n", twoFloats),
            "unknown key 'x'");
        row("bad order", withHeader("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,)}\n", twoFloats),
            "neither True nor False");
        row("negative dim", withHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}\n", twoFloats),
            "non-negative integers");
        row("complex", withHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}\n", twoFloats),
            "'<c8' is not supported");
        row("object", withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}\n", twoFloats),
            "'|O' is not supported");
        row("unterminated", withHeader("{'descr': '<f4\n", twoFloats), "unterminated string");
        row("truncated", withHeader(f4, std::string(7, '\0')), "truncated");
        row("trailing", withHeader(f4, std::string(9, '\0')), "holds 9");
        row("huge shape",
            withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 16)}\n", twoFloats),
            "truncated");
        row("enormous dim",
            withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}\n", twoFloats),
            "too large");
    }

    void malformedFilesAreNamed()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const NpyResult r = parseNpy(std::string_view(bytes.constData(), size_t(bytes.size())), "case.npy");
        QVERIFY(!r.ok);
        QVERIFY2(r.error.rfind("case.npy: ", 0) == 0, r.error.c_str());
        QVERIFY2(contains(r.error, problem.toStdString()), r.error.c_str());
    }

    void missingFile()
    {
        const NpyResult r = readNpy(kFixtures + "no_such_file.npy");
        QVERIFY(!r.ok);
        QVERIFY2(contains(r.error, "cannot open") && contains(r.error, "no_such_file.npy"), r.error.c_str());
    }

    // Flipped bytes and cut-off files must give either a tensor or an error, never a
    // crash or a read out of bounds (the sanitizer build runs this too).
    void fuzz()
    {
        std::mt19937 rng(7);
        for (const char *name : {"f8_be.npy", "fortran_i2_be.npy", "v3_f4.npy", "bool.npy"}) {
            const std::string original = fileBytes(kFixtures + name);
            QVERIFY(!original.empty());
            for (int round = 0; round < 400; ++round) {
                std::string bytes = original;
                const int flips = 1 + int(rng() % 4);
                for (int i = 0; i < flips; ++i)
                    bytes[rng() % bytes.size()] = char(rng() % 256);
                if (round % 3 == 0)
                    bytes.resize(rng() % bytes.size());
                const NpyResult r = parseNpy(bytes, "fuzz.npy");
                if (r.ok)
                    QCOMPARE(int64_t(r.tensor.values().size()), elementCount(r.tensor.shape()));
                else
                    QVERIFY2(r.error.rfind("fuzz.npy: ", 0) == 0, r.error.c_str());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestTensorNpy)
#include "tst_tensor_npy.moc"
