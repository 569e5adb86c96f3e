#include "data/dataset_spec.h"

#include "data/array_dataset.h"
#include "data/class_folders.h"
#include "data/csv_manifest.h"
#include "data/data_error.h"
#include "data/dce_phantom.h"
#include "data/moving_shapes.h"
#include "data/nifti_reader.h"
#include "data/spec_options.h"

#include <limits>

namespace volnet::data {

namespace {

constexpr int64_t kMaxSeed = std::numeric_limits<int64_t>::max();

// slice=K or slice=mid: the z slice kept of each NIfTI volume.
int64_t sliceOption(SpecOptions &options)
{
    const std::string text = options.text("slice");
    if (text == "mid")
        return kMiddleSlice;
    return text.empty() ? kAllSlices : options.integer("slice", kAllSlices, 0, 1 << 20);
}

std::shared_ptr<const Dataset> openSynthetic(const std::string &which, SpecOptions &options, const std::string &spec)
{
    if (which == "dce") {
        DcePhantom::Options o;
        o.count = options.integer("n", o.count, 3, 1000000);
        o.frames = options.integer("t", o.frames, 4, 1000);
        o.size = options.integer("size", o.size, 16, 1024);
        o.seed = uint64_t(options.integer("seed", int64_t(o.seed), 0, kMaxSeed));
        o.shapeCue = options.number("cue", o.shapeCue, 0, 1);
        options.finish();
        return std::make_shared<DcePhantom>(o);
    }
    if (which == "shapes") {
        MovingShapes::Options o;
        o.count = options.integer("n", o.count, 4, 1000000);
        o.frames = options.integer("t", o.frames, 2, 1000);
        o.size = options.integer("size", o.size, 16, 1024);
        o.seed = uint64_t(options.integer("seed", int64_t(o.seed), 0, kMaxSeed));
        options.finish();
        return std::make_shared<MovingShapes>(o);
    }
    throw DataError(spec + ": unknown synthetic dataset '" + which + "'; valid: synthetic:dce, synthetic:shapes");
}

std::shared_ptr<const Dataset> openArrays(const std::string &argument, SpecOptions &options, const std::string &spec)
{
    // Split after ".npy," so that the paths themselves may hold commas.
    const size_t split = argument.find(".npy,");
    if (split == std::string::npos || argument.size() <= split + 5)
        throw DataError(spec + ": expected npy:X.npy,y.npy (the samples, then the labels)");
    const std::vector<std::string> classes = options.list("classes");
    options.finish();
    return std::make_shared<ArrayDataset>(argument.substr(0, split + 4), argument.substr(split + 5), classes);
}

} // namespace

std::string datasetKindsHelp()
{
    return "  synthetic:dce     synthetic DCE-MRI phantom, 3 kinetic curve types (the default); "
           "options n, t, size, seed, cue\n"
           "  synthetic:shapes  shapes moving in 4 directions; options n, t, size, seed\n"
           "  npy:X.npy,y.npy   samples (N, T, H, W, C) and labels (N); option classes\n"
           "  folder:DIR        one subfolder of .nii, .nii.gz or .npy volumes per class; option slice\n"
           "  csv:FILE          a manifest of path,label lines; options classes, slice\n"
           "Options follow a '?', separated by '&': synthetic:dce?n=600&t=10&size=64&seed=1\n";
}

std::shared_ptr<const Dataset> openDataset(const std::string &spec)
{
    const size_t colon = spec.find(':');
    if (colon == std::string::npos)
        throw DataError("unknown dataset '" + spec + "'; a dataset is kind:argument, one of:\n" + datasetKindsHelp());
    const std::string kind = spec.substr(0, colon);
    const std::string rest = spec.substr(colon + 1);
    const size_t question = rest.find('?');
    const std::string argument = rest.substr(0, question);
    SpecOptions options(spec, question == std::string::npos ? std::string() : rest.substr(question + 1));
    if (argument.empty())
        throw DataError("'" + spec + "': nothing after '" + kind + ":'; valid kinds:\n" + datasetKindsHelp());

    if (kind == "synthetic")
        return openSynthetic(argument, options, spec);
    if (kind == "npy")
        return openArrays(argument, options, spec);
    if (kind == "folder") {
        const int64_t slice = sliceOption(options);
        options.finish();
        return openClassFolders(argument, slice);
    }
    if (kind == "csv") {
        const std::vector<std::string> classes = options.list("classes");
        const int64_t slice = sliceOption(options);
        options.finish();
        return openCsvManifest(argument, classes, slice);
    }
    throw DataError("unknown dataset kind '" + kind + "' in '" + spec + "'; valid kinds:\n" + datasetKindsHelp());
}

} // namespace volnet::data
