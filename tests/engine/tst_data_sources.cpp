// The file-backed datasets behind `npy:`, `folder:` and `csv:` specs: what they read,
// their classes and labels, shapes that differ between volumes, and a clear error for
// each kind of bad data, naming the file or sample and what to do.
#include "data/data_error.h"
#include "data/dataset_spec.h"
#include "data/input_fit.h"
#include "tensor/npy.h"

#include <nifti2_io.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

using namespace volnet;
using namespace volnet::data;
namespace fs = std::filesystem;

namespace {

void writeBytes(const std::string &path, const std::string &bytes)
{
    fs::create_directories(fs::path(path).parent_path());
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

// A .npy of any dtype: numpy's header for `descr` and `shape`, then the raw values.
template<typename T>
std::string writeTypedNpy(const std::string &path, const std::string &descr, const Dims &shape,
                          const std::vector<T> &values)
{
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + formatTuple(shape) + ", }";
    dict.append((64 - (10 + dict.size() + 1) % 64) % 64, ' ');
    dict += '\n';
    std::string bytes = std::string("\x93NUMPY\x01\x00", 8);
    bytes += char(dict.size() & 0xff);
    bytes += char(dict.size() >> 8);
    bytes += dict;
    bytes.append(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
    writeBytes(path, bytes);
    return path;
}

std::string writeFloatNpy(const std::string &path, const Tensor &t)
{
    fs::create_directories(fs::path(path).parent_path());
    std::string error;
    if (!writeNpy(path, t, &error))
        qFatal("%s", error.c_str());
    return path;
}

// A float32 NIfTI-1 volume (x, y, z[, t]) holding `fill` everywhere.
std::string writeNifti(const std::string &path, std::vector<int64_t> dims, float fill)
{
    fs::create_directories(fs::path(path).parent_path());
    int64_t d[8] = {int64_t(dims.size()), 1, 1, 1, 1, 1, 1, 1};
    for (size_t i = 0; i < dims.size(); ++i)
        d[i + 1] = dims[i];
    nifti_image *image = nifti_make_new_nim(d, DT_FLOAT32, 1);
    std::fill_n(static_cast<float *>(image->data), image->nvox, fill);
    nifti_set_filenames(image, path.c_str(), 0, 1);
    nifti_image_write(image);
    nifti_image_free(image);
    return path;
}

Tensor ramp(const Dims &shape, float start = 0)
{
    Tensor t(shape);
    for (int64_t i = 0; i < t.size(); ++i)
        t[i] = start + float(i);
    return t;
}

void expectError(const std::string &spec, const std::vector<std::string> &parts)
{
    try {
        openDataset(spec);
    } catch (const DataError &e) {
        for (const std::string &part : parts)
            QVERIFY2(std::string(e.what()).find(part) != std::string::npos, (spec + " -> " + e.what()).c_str());
        return;
    }
    QFAIL(("no DataError for " + spec).c_str());
}

} // namespace

class TestDataSources : public QObject {
    Q_OBJECT

private slots:
    void arraysOfAnyDtype()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        std::vector<int16_t> x(6 * 2 * 3 * 3);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = int16_t(i) - 20;
        writeTypedNpy<int16_t>(dir + "/X.npy", "<i2", {6, 2, 3, 3, 1}, x);
        writeTypedNpy<int64_t>(dir + "/y.npy", "<i8", {6}, {0, 1, 2, 0, 1, 2});

        const auto d = openDataset("npy:" + dir + "/X.npy," + dir + "/y.npy");
        QCOMPARE(d->size(), int64_t(6));
        QCOMPARE(formatTuple(d->sampleShape()), std::string("(2, 3, 3, 1)"));
        QCOMPARE(d->classNames(), (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(d->label(5), 2);
        const Tensor s4 = d->sample(4);
        QCOMPARE(double(s4.at({1, 2, 0, 0})), double(4 * 18 + 9 + 6 - 20));

        // Labels as floats holding whole numbers, and one-hot rows, with class names.
        writeTypedNpy<double>(dir + "/yf.npy", "<f8", {6}, {1, 0, 1, 0, 1, 0});
        const auto f = openDataset("npy:" + dir + "/X.npy," + dir + "/yf.npy?classes=benign,malignant");
        QCOMPARE(f->classNames(), (std::vector<std::string>{"benign", "malignant"}));
        QCOMPARE(f->label(0), 1);
        writeTypedNpy<uint8_t>(dir + "/yh.npy", "|u1", {6, 3}, {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0});
        const auto h = openDataset("npy:" + dir + "/X.npy," + dir + "/yh.npy");
        QCOMPARE(h->label(0), 2);
        QCOMPARE(h->label(5), 1);
        QCOMPARE(h->classCount(), 3);
    }

    void arraysRefuseBadLabelsAndValues()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        Tensor x = ramp({6, 2, 4, 4, 1});
        writeFloatNpy(dir + "/X.npy", x);
        const std::string X = "npy:" + dir + "/X.npy,";
        writeTypedNpy<int32_t>(dir + "/short.npy", "<i4", {5}, {0, 1, 0, 1, 0});
        expectError(X + dir + "/short.npy", {"X.npy holds 6 samples", "short.npy holds 5 labels"});
        writeTypedNpy<int32_t>(dir + "/neg.npy", "<i4", {6}, {0, 1, 0, -1, 0, 1});
        expectError(X + dir + "/neg.npy", {"neg.npy[3]", "-1 is negative"});
        writeTypedNpy<float>(dir + "/half.npy", "<f4", {6}, {0, 1, 0, 1.5f, 0, 1});
        expectError(X + dir + "/half.npy", {"half.npy[3]", "not a whole number"});
        writeTypedNpy<int32_t>(dir + "/three.npy", "<i4", {6}, {0, 1, 2, 1, 0, 1});
        expectError(X + dir + "/three.npy?classes=a,b", {"three.npy[2]", "out of range", "a, b"});
        writeTypedNpy<int32_t>(dir + "/one.npy", "<i4", {6}, {1, 1, 1, 1, 1, 1});
        expectError(X + dir + "/one.npy", {"one.npy", "two or more classes"});
        writeTypedNpy<int32_t>(dir + "/y.npy", "<i4", {6}, {0, 1, 0, 1, 0, 1});
        expectError(X + dir + "/missing.npy", {"missing.npy", "cannot open"});

        x.at({4, 1, 2, 3, 0}) = NAN;
        writeFloatNpy(dir + "/Xnan.npy", x);
        expectError("npy:" + dir + "/Xnan.npy," + dir + "/y.npy", {"Xnan.npy sample 4", "NaN", "(1, 2, 3, 0)"});
        x.at({4, 1, 2, 3, 0}) = INFINITY;
        writeFloatNpy(dir + "/Xinf.npy", x);
        expectError("npy:" + dir + "/Xinf.npy," + dir + "/y.npy", {"sample 4", "infinite"});
    }

    void classFolders()
    {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/scans";
        writeFloatNpy(dir + "/malignant/m1.npy", ramp({3, 4, 5, 1}, 100));
        writeNifti(dir + "/malignant/m2.nii", {5, 4, 3}, 7);
        writeNifti(dir + "/benign/b1.nii.gz", {5, 4, 3}, 3);
        writeFloatNpy(dir + "/benign/b2.npy", ramp({3, 4, 5, 1}));
        writeBytes(dir + "/benign/notes.txt", "not a volume");
        writeBytes(dir + "/.hidden/x.npy", "ignored");

        const auto d = openDataset("folder:" + dir);
        QCOMPARE(d->classNames(), (std::vector<std::string>{"benign", "malignant"}));
        QCOMPARE(d->size(), int64_t(4));
        QCOMPARE(formatTuple(d->sampleShape()), std::string("(3, 4, 5, 1)"));
        QCOMPARE(d->sampleName(0), dir + "/benign/b1.nii.gz");
        QCOMPARE(d->label(0), 0);
        QCOMPARE(d->label(3), 1);
        QCOMPARE(double(d->sample(0).at({2, 3, 4, 0})), 3.0);
        QCOMPARE(double(d->sample(2).at({0, 0, 1, 0})), 101.0);
        QCOMPARE(double(d->sample(3).at({1, 1, 1, 0})), 7.0);

        // Volumes of other heights and widths are fine: the loader crops or pads them.
        writeFloatNpy(dir + "/benign/b3.npy", ramp({3, 6, 7, 1}));
        const auto mixed = openDataset("folder:" + dir);
        QCOMPARE(formatTuple(mixed->sampleShape()), std::string("(3, -1, -1, 1)"));
        QCOMPARE(formatTuple(mixed->shapeOf(2)), std::string("(3, 6, 7, 1)"));
        checkFits(*mixed, {{3, 4, 5, 1}, false});

        // A 4D NIfTI with z and t: a slice of it, or all of it.
        const std::string series = tmp.path().toStdString() + "/series";
        writeNifti(series + "/a/s.nii.gz", {8, 6, 5, 4}, 1);
        writeNifti(series + "/b/s.nii.gz", {8, 6, 5, 4}, 2);
        QCOMPARE(formatTuple(openDataset("folder:" + series)->sampleShape()), std::string("(4, 5, 6, 8, 1)"));
        QCOMPARE(formatTuple(openDataset("folder:" + series + "?slice=mid")->sampleShape()),
                 std::string("(4, 6, 8, 1)"));
        QCOMPARE(formatTuple(openDataset("folder:" + series + "?slice=4")->sampleShape()), std::string("(4, 6, 8, 1)"));
        expectError("folder:" + series + "?slice=5", {"s.nii.gz", "slice 5", "0 to 4"});
    }

    void classFolderErrors()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        expectError("folder:" + root + "/nowhere", {"nowhere", "no such folder"});
        fs::create_directories(root + "/empty");
        expectError("folder:" + root + "/empty", {"empty", "is empty", "subfolder"});
        writeFloatNpy(root + "/loose/a.npy", ramp({2, 2}));
        expectError("folder:" + root + "/loose", {"no class subfolders"});
        writeFloatNpy(root + "/single/only/a.npy", ramp({2, 2}));
        expectError("folder:" + root + "/single", {"only one class (only)"});
        writeFloatNpy(root + "/hollow/a/a.npy", ramp({2, 2}));
        writeBytes(root + "/hollow/b/readme.md", "x");
        expectError("folder:" + root + "/hollow", {"hollow/b", "holds no .nii"});

        writeFloatNpy(root + "/ranks/a/v.npy", ramp({3, 4, 5, 1}));
        writeFloatNpy(root + "/ranks/b/w.npy", ramp({4, 5}));
        expectError("folder:" + root + "/ranks", {"w.npy has shape (4, 5)", "v.npy has (3, 4, 5, 1)", "axes"});
        writeFloatNpy(root + "/channels/a/v.npy", ramp({3, 4, 5, 1}));
        writeFloatNpy(root + "/channels/b/w.npy", ramp({3, 4, 5, 2}));
        expectError("folder:" + root + "/channels", {"w.npy has shape (3, 4, 5, 2)", "channels"});

        writeNifti(root + "/cut/a/v.nii", {8, 8, 4}, 1);
        const std::string whole = writeNifti(root + "/cut/b/w.nii", {8, 8, 4}, 1);
        std::string bytes;
        {
            std::ifstream in(whole, std::ios::binary);
            bytes.assign(std::istreambuf_iterator<char>(in), {});
        }
        writeBytes(whole, bytes.substr(0, bytes.size() - 100));
        expectError("folder:" + root + "/cut", {"w.nii", "truncated"});

        Tensor bad = ramp({3, 4, 5, 1});
        bad.at({2, 1, 0, 0}) = NAN;
        writeFloatNpy(root + "/nan/a/ok.npy", ramp({3, 4, 5, 1}));
        writeFloatNpy(root + "/nan/b/bad.npy", bad);
        expectError("folder:" + root + "/nan", {"bad.npy", "NaN at (2, 1, 0, 0)"});
    }

    void csvManifest()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        writeFloatNpy(root + "/data/p1.npy", ramp({2, 3, 3, 1}));
        writeFloatNpy(root + "/data/p,2.npy", ramp({2, 3, 3, 1}, 5));
        writeNifti(root + "/data/p3.nii.gz", {3, 3, 1, 2}, 4);
        writeBytes(root + "/list.csv", "path,label\n"
                                       "# a comment, then a blank line\n"
                                       "\n"
                                       "data/p1.npy,washout\n"
                                       " \"data/p,2.npy\" , persistent\r\n" +
                                           root + "/data/p3.nii.gz,washout\n");
        const auto d = openDataset("csv:" + root + "/list.csv");
        QCOMPARE(d->size(), int64_t(3));
        QCOMPARE(d->classNames(), (std::vector<std::string>{"persistent", "washout"}));
        QCOMPARE(d->label(0), 1);
        QCOMPARE(d->label(1), 0);
        QCOMPARE(d->sampleName(1), root + "/data/p,2.npy");
        QCOMPARE(double(d->sample(1).at({0, 0, 0, 0})), 5.0);
        QCOMPARE(double(d->sample(2).at({1, 2, 2, 0})), 4.0);

        const auto ordered = openDataset("csv:" + root + "/list.csv?classes=washout,plateau,persistent");
        QCOMPARE(ordered->classCount(), 3);
        QCOMPARE(ordered->label(0), 0);
        QCOMPARE(ordered->label(1), 2);

        writeBytes(root + "/numbers.csv", "data/p1.npy,1\ndata/p3.nii.gz,0\n");
        const auto numbered = openDataset("csv:" + root + "/numbers.csv");
        QCOMPARE(numbered->classNames(), (std::vector<std::string>{"0", "1"}));
        QCOMPARE(numbered->label(0), 1);
    }

    void csvManifestErrors()
    {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        writeFloatNpy(root + "/a.npy", ramp({2, 3, 3, 1}));
        expectError("csv:" + root + "/none.csv", {"none.csv", "no such file"});
        writeBytes(root + "/missing.csv", "path,label\na.npy,0\nb.npy,1\n");
        expectError("csv:" + root + "/missing.csv", {"missing.csv line 3", "b.npy: no such file"});
        writeBytes(root + "/kind.csv", "a.npy,0\na.png,1\n");
        expectError("csv:" + root + "/kind.csv", {"kind.csv line 2", "a.png is not a volume file"});
        writeBytes(root + "/nolabel.csv", "a.npy,0\na.npy\n");
        expectError("csv:" + root + "/nolabel.csv", {"nolabel.csv line 2", "expected path,label"});
        writeBytes(root + "/mixed.csv", "a.npy,0\na.npy,benign\n");
        expectError("csv:" + root + "/mixed.csv", {"mixed.csv line 2", "'benign'", "line 1"});
        writeBytes(root + "/empty.csv", "path,label\n");
        expectError("csv:" + root + "/empty.csv", {"lists no volumes"});
        writeBytes(root + "/names.csv", "a.npy,benign\na.npy,malignant\n");
        expectError("csv:" + root + "/names.csv?classes=benign,other", {"names.csv line 2", "'malignant'"});
        writeBytes(root + "/one.csv", "a.npy,benign\na.npy,benign\n");
        expectError("csv:" + root + "/one.csv", {"two or more classes"});
        writeBytes(root + "/neg.csv", "a.npy,1\na.npy,-2\n");
        expectError("csv:" + root + "/neg.csv", {"neg.csv line 2", "negative"});
    }
};

QTEST_APPLESS_MAIN(TestDataSources)
#include "tst_data_sources.moc"
