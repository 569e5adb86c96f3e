#include "data/class_folders.h"

#include "data/data_error.h"
#include "data/file_dataset.h"
#include "data/volume_file.h"

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace volnet::data {

namespace {

bool hidden(const fs::path &path)
{
    return path.filename().string().starts_with(".");
}

// Sorted, so that labels and sample order do not depend on the file system.
std::vector<fs::path> sortedEntries(const fs::path &dir)
{
    std::vector<fs::path> entries;
    for (const fs::directory_entry &e : fs::directory_iterator(dir))
        if (!hidden(e.path()))
            entries.push_back(e.path());
    std::sort(entries.begin(), entries.end());
    return entries;
}

} // namespace

std::shared_ptr<const Dataset> openClassFolders(const std::string &dir, int64_t slice)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw DataError("folder:" + dir + ": " + (fs::exists(dir, ec) ? "not a folder" : "no such folder") +
                        "; give a folder that holds one subfolder per class");

    std::vector<std::string> classNames;
    std::vector<FileDataset::Entry> entries;
    bool looseVolumes = false;
    for (const fs::path &classDir : sortedEntries(dir)) {
        if (!fs::is_directory(classDir, ec)) {
            looseVolumes = looseVolumes || isVolumePath(classDir.string());
            continue;
        }
        const int label = int(classNames.size());
        classNames.push_back(classDir.filename().string());
        size_t found = 0;
        for (const fs::path &file : sortedEntries(classDir)) {
            if (isVolumePath(file.string()) && !fs::is_directory(file, ec)) {
                entries.push_back({file.string(), label});
                ++found;
            }
        }
        if (found == 0)
            throw DataError("folder:" + dir + ": the class folder " + classDir.string() +
                            " holds no .nii, .nii.gz or .npy volumes; add its samples or remove it");
    }
    if (classNames.empty())
        throw DataError(
            "folder:" + dir + ": " +
            (looseVolumes ? std::string("holds volumes but no class subfolders") : std::string("is empty")) +
            "; put each class's volumes in a subfolder named after the class");
    if (classNames.size() == 1)
        throw DataError("folder:" + dir + ": only one class (" + classNames.front() +
                        "); a classifier needs two or more class subfolders");
    const std::string description = "folder " + dir + ": " + std::to_string(entries.size()) + " volumes in " +
                                    std::to_string(classNames.size()) + " classes";
    return std::make_shared<FileDataset>(description, std::move(classNames), std::move(entries), slice);
}

} // namespace volnet::data
