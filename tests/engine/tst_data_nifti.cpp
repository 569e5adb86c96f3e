// NIfTI volumes as engine/data reads them: the axis mapping of 2D, 3D, 4D and 5D images,
// every datatype, scl_slope and scl_inter, .nii.gz, NIfTI-2, big-endian files, z slices,
// and clear errors for missing, foreign, truncated and unsupported files. The files are
// written by libnifti2 itself, so the test does not share the reader's assumptions.
#include "data/data_error.h"
#include "data/nifti_reader.h"

#include <nifti2_io.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <filesystem>
#include <fstream>

using namespace volnet;
using namespace volnet::data;

namespace {

// A volume of `dims` (nx, ny, nz, nt, nu; trailing ones may be left out) whose voxel at
// (x, y, z, t, u) holds value(x, y, z, t, u), stored as `datatype`.
struct Volume {
    std::vector<int64_t> dims;
    int datatype = DT_FLOAT32;
    double slope = 0, intercept = 0;
};

double pattern(int64_t x, int64_t y, int64_t z, int64_t t, int64_t u)
{
    return double(x + 10 * y + 100 * z + 1000 * t + 20000 * u);
}

template<typename T> void fill(void *data, const Volume &v, int64_t count)
{
    const int64_t nx = v.dims[0], ny = v.dims.size() > 1 ? v.dims[1] : 1, nz = v.dims.size() > 2 ? v.dims[2] : 1,
                  nt = v.dims.size() > 3 ? v.dims[3] : 1;
    T *out = static_cast<T *>(data);
    for (int64_t i = 0; i < count; ++i) {
        int64_t r = i;
        const int64_t x = r % nx;
        r /= nx;
        const int64_t y = r % ny;
        r /= ny;
        const int64_t z = r % nz;
        r /= nz;
        const int64_t t = r % nt;
        const int64_t u = r / nt;
        // Small types get a pattern they can hold.
        out[i] = T(sizeof(T) == 1 ? double((x + 3 * y + 7 * z + 11 * t + 13 * u) % 100) : pattern(x, y, z, t, u));
    }
}

nifti_image *makeImage(const Volume &v)
{
    int64_t dims[8] = {int64_t(v.dims.size()), 1, 1, 1, 1, 1, 1, 1};
    for (size_t i = 0; i < v.dims.size(); ++i)
        dims[i + 1] = v.dims[i];
    nifti_image *image = nifti_make_new_nim(dims, v.datatype, 1);
    switch (v.datatype) {
    case DT_UINT8:
        fill<uint8_t>(image->data, v, image->nvox);
        break;
    case DT_INT8:
        fill<int8_t>(image->data, v, image->nvox);
        break;
    case DT_INT16:
        fill<int16_t>(image->data, v, image->nvox);
        break;
    case DT_UINT16:
        fill<uint16_t>(image->data, v, image->nvox);
        break;
    case DT_INT32:
        fill<int32_t>(image->data, v, image->nvox);
        break;
    case DT_UINT32:
        fill<uint32_t>(image->data, v, image->nvox);
        break;
    case DT_INT64:
        fill<int64_t>(image->data, v, image->nvox);
        break;
    case DT_UINT64:
        fill<uint64_t>(image->data, v, image->nvox);
        break;
    case DT_FLOAT32:
        fill<float>(image->data, v, image->nvox);
        break;
    case DT_FLOAT64:
        fill<double>(image->data, v, image->nvox);
        break;
    case DT_RGB24:
        // Component c of voxel number i holds 10 c + i.
        for (int64_t i = 0; i < image->nvox * 3; ++i)
            static_cast<uint8_t *>(image->data)[i] = uint8_t(10 * (i % 3) + i / 3);
        break;
    case DT_COMPLEX64:
        fill<float>(image->data, v, image->nvox * 2);
        break;
    }
    image->scl_slope = v.slope;
    image->scl_inter = v.intercept;
    return image;
}

std::string writeNifti(const std::string &path, const Volume &v)
{
    nifti_image *image = makeImage(v);
    nifti_set_filenames(image, path.c_str(), 0, 1);
    nifti_image_write(image);
    nifti_image_free(image);
    return path;
}

std::string readBytes(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void writeBytes(const std::string &path, const std::string &bytes)
{
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

// libnifti2 3.0.1 writes NIfTI-2 single files with the data over the header, so the
// file is assembled here from the library's own NIfTI-2 header: header, the 4-byte
// extension flag, the voxels.
std::string writeNifti2(const std::string &path, const Volume &v)
{
    nifti_image *image = makeImage(v);
    image->nifti_type = NIFTI_FTYPE_NIFTI2_1;
    image->iname_offset = sizeof(nifti_2_header) + 4;
    nifti_2_header header;
    const bool converted = nifti_convert_nim2n2hdr(image, &header) == 0;
    std::string bytes(reinterpret_cast<const char *>(&header), sizeof header);
    bytes.append(4, '\0');
    bytes.append(static_cast<const char *>(image->data), size_t(image->nvox * image->nbyper));
    nifti_image_free(image);
    if (!converted)
        qFatal("nifti_convert_nim2n2hdr failed");
    writeBytes(path, bytes);
    return path;
}

void expectError(const std::function<void()> &read, const std::vector<std::string> &parts)
{
    try {
        read();
    } catch (const DataError &e) {
        for (const std::string &part : parts)
            QVERIFY2(std::string(e.what()).find(part) != std::string::npos, e.what());
        return;
    }
    QFAIL("no DataError");
}

} // namespace

class TestDataNifti : public QObject {
    Q_OBJECT

private slots:
    void volume3dIsDepthHeightWidth()
    {
        QTemporaryDir dir;
        const std::string path = writeNifti(dir.filePath("v.nii").toStdString(), {{5, 4, 3}, DT_INT16});
        const Tensor t = readNifti(path);
        QCOMPARE(formatTuple(t.shape()), std::string("(3, 4, 5, 1)"));
        QCOMPARE(double(t.at({2, 3, 4, 0})), pattern(4, 3, 2, 0, 0));
        QCOMPARE(double(t.at({1, 0, 2, 0})), pattern(2, 0, 1, 0, 0));
    }

    void axisMappings()
    {
        QTemporaryDir dir;
        const auto read = [&](const std::vector<int64_t> &dims, int64_t slice = kAllSlices) {
            return readNifti(writeNifti(dir.filePath("a.nii").toStdString(), {dims, DT_FLOAT32}), slice);
        };
        // A time series of one slice, the DCE case: (x, y, 1, t) -> (T, H, W, 1).
        Tensor t = read({6, 5, 1, 4});
        QCOMPARE(formatTuple(t.shape()), std::string("(4, 5, 6, 1)"));
        QCOMPARE(double(t.at({3, 2, 5, 0})), pattern(5, 2, 0, 3, 0));
        // A time series of volumes keeps both: (T, D, H, W, 1).
        t = read({6, 5, 3, 4});
        QCOMPARE(formatTuple(t.shape()), std::string("(4, 3, 5, 6, 1)"));
        QCOMPARE(double(t.at({3, 2, 4, 5, 0})), pattern(5, 4, 2, 3, 0));
        // ... unless a slice is chosen.
        t = read({6, 5, 3, 4}, kMiddleSlice);
        QCOMPARE(formatTuple(t.shape()), std::string("(4, 5, 6, 1)"));
        QCOMPARE(double(t.at({2, 1, 3, 0})), pattern(3, 1, 1, 2, 0));
        t = read({6, 5, 3, 4}, 2);
        QCOMPARE(double(t.at({2, 1, 3, 0})), pattern(3, 1, 2, 2, 0));
        // A 2D image: (H, W, 1).
        t = read({6, 5});
        QCOMPARE(formatTuple(t.shape()), std::string("(5, 6, 1)"));
        // Vector components (u, the 5th axis) are channels.
        t = read({4, 3, 2, 1, 2});
        QCOMPARE(formatTuple(t.shape()), std::string("(2, 3, 4, 2)"));
        QCOMPARE(double(t.at({1, 2, 3, 1})), pattern(3, 2, 1, 0, 1));
        QCOMPARE(double(t.at({1, 2, 3, 0})), pattern(3, 2, 1, 0, 0));

        expectError([&] { read({6, 5, 3, 4}, 3); }, {"slice 3", "3 slices along z"});
    }

    void everyDatatype()
    {
        QTemporaryDir dir;
        for (int type : {DT_UINT8, DT_INT8, DT_INT16, DT_UINT16, DT_INT32, DT_UINT32, DT_INT64, DT_UINT64, DT_FLOAT32,
                         DT_FLOAT64}) {
            const std::string path = writeNifti(dir.filePath("d.nii").toStdString(), {{4, 3, 2}, type});
            const Tensor t = readNifti(path);
            const bool small = type == DT_UINT8 || type == DT_INT8;
            const double expected = small ? double((3 + 3 * 2 + 7 * 1) % 100) : pattern(3, 2, 1, 0, 0);
            QVERIFY2(double(t.at({1, 2, 3, 0})) == expected, nifti_datatype_to_string(type));
        }
        // RGB: three values a voxel, which become channels.
        const Tensor rgb = readNifti(writeNifti(dir.filePath("rgb.nii").toStdString(), {{4, 3}, DT_RGB24}));
        QCOMPARE(formatTuple(rgb.shape()), std::string("(3, 4, 3)"));
        // Voxel (x=1, y=2) is voxel number 9.
        QCOMPARE(double(rgb.at({2, 1, 0})), 9.0);
        QCOMPARE(double(rgb.at({2, 1, 2})), 29.0);

        expectError(
            [&] {
                readNifti(writeNifti(dir.filePath("c.nii").toStdString(), {{4, 3}, DT_COMPLEX64}));
            },
            {"c.nii", "COMPLEX64", "not supported"});
    }

    void scaling()
    {
        QTemporaryDir dir;
        Tensor t = readNifti(writeNifti(dir.filePath("s.nii").toStdString(), {{4, 3, 2}, DT_INT16, 0.5, -3}));
        QCOMPARE(double(t.at({1, 2, 3, 0})), 0.5 * pattern(3, 2, 1, 0, 0) - 3);
        // A slope of 0 means unscaled, whatever the intercept says.
        t = readNifti(writeNifti(dir.filePath("u.nii").toStdString(), {{4, 3, 2}, DT_INT16, 0, 7}));
        QCOMPARE(double(t.at({1, 2, 3, 0})), pattern(3, 2, 1, 0, 0));
    }

    void gzipAndNifti2()
    {
        QTemporaryDir dir;
        const Tensor plain = readNifti(writeNifti(dir.filePath("p.nii").toStdString(), {{7, 6, 1, 5}, DT_UINT16}));
        const std::string gz = writeNifti(dir.filePath("p.nii.gz").toStdString(), {{7, 6, 1, 5}, DT_UINT16});
        QVERIFY(readBytes(gz).substr(0, 2) == "\x1f\x8b"); // really gzip
        QVERIFY(readNifti(gz) == plain);
        const std::string n2 = writeNifti2(dir.filePath("n2.nii").toStdString(), {{7, 6, 1, 5}, DT_UINT16});
        int32_t headerSize = 0;
        std::memcpy(&headerSize, readBytes(n2).data(), 4);
        QCOMPARE(headerSize, 540); // a NIfTI-2 header
        QVERIFY(readNifti(n2) == plain);
    }

    void bigEndian()
    {
        // libnifti writes in the machine's order; a big-endian file is made from a
        // little-endian one with the library's own swapping of the header and the data.
        QTemporaryDir dir;
        const std::string little = writeNifti(dir.filePath("le.nii").toStdString(), {{5, 4, 3}, DT_INT32, 2, 1});
        std::string bytes = readBytes(little);
        nifti_1_header header;
        std::memcpy(&header, bytes.data(), sizeof header);
        const int64_t offset = int64_t(header.vox_offset), count = 5 * 4 * 3;
        swap_nifti_header(&header, 1);
        std::memcpy(bytes.data(), &header, sizeof header);
        nifti_swap_4bytes(count, bytes.data() + offset);
        const std::string big = dir.filePath("be.nii").toStdString();
        writeBytes(big, bytes);
        QCOMPARE(uint8_t(bytes[0]), uint8_t(0)); // 348 stored big-endian: 00 00 01 5c
        const Tensor t = readNifti(big);
        QVERIFY(t == readNifti(little));
        QCOMPARE(double(t.at({2, 3, 4, 0})), 2 * pattern(4, 3, 2, 0, 0) + 1);
    }

    void damagedFiles()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("none.nii.gz").toStdString();
        expectError([&] { readNifti(missing); }, {missing, "no such file"});

        const std::string foreign = dir.filePath("text.nii").toStdString();
        writeBytes(foreign, std::string(600, 'x'));
        expectError([&] { readNifti(foreign); }, {foreign, "not a NIfTI"});

        const std::string whole = writeNifti(dir.filePath("whole.nii").toStdString(), {{16, 16, 8}, DT_FLOAT32});
        const std::string cut = dir.filePath("cut.nii").toStdString();
        writeBytes(cut, readBytes(whole).substr(0, 352 + 16 * 16 * 4));
        expectError([&] { readNifti(cut); }, {cut, "truncated"});

        const std::string gz = writeNifti(dir.filePath("whole.nii.gz").toStdString(), {{16, 16, 8}, DT_FLOAT32});
        const std::string cutGz = dir.filePath("cut.nii.gz").toStdString();
        const std::string gzBytes = readBytes(gz);
        writeBytes(cutGz, gzBytes.substr(0, gzBytes.size() / 2));
        expectError([&] { readNifti(cutGz); }, {cutGz, "truncated"});
    }
};

QTEST_APPLESS_MAIN(TestDataNifti)
#include "tst_data_nifti.moc"
