#include "data/csv_manifest.h"

#include "data/class_labels.h"
#include "data/data_error.h"
#include "data/file_dataset.h"
#include "data/volume_file.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <utility>

namespace fs = std::filesystem;

namespace volnet::data {

namespace {

std::string trimmed(const std::string &s)
{
    const size_t first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos)
        return {};
    std::string t = s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
    if (t.size() >= 2 && t.front() == '"' && t.back() == '"')
        t = t.substr(1, t.size() - 2);
    return t;
}

bool parseInteger(const std::string &s, int64_t &value)
{
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    return ec == std::errc() && end == s.data() + s.size();
}

} // namespace

std::shared_ptr<const Dataset> openCsvManifest(const std::string &file, const std::vector<std::string> &classNames,
                                               int64_t slice)
{
    std::ifstream in(file);
    if (!in)
        throw DataError("csv:" + file + ": " + (fs::exists(file) ? "cannot be read" : "no such file") +
                        "; give a CSV manifest of path,label lines");
    const fs::path base = fs::path(file).parent_path();

    std::vector<FileDataset::Entry> entries;
    std::vector<std::string> labelTexts;
    std::vector<int> lineNumbers;
    int lineNumber = 0;
    bool firstLine = true;
    for (std::string line; std::getline(in, line);) {
        ++lineNumber;
        const std::string content = trimmed(line);
        if (content.empty() || content.front() == '#')
            continue;
        const size_t comma = line.rfind(',');
        const std::string path = comma == std::string::npos ? std::string() : trimmed(line.substr(0, comma));
        const std::string label = comma == std::string::npos ? std::string() : trimmed(line.substr(comma + 1));
        if (std::exchange(firstLine, false) && !isVolumePath(path))
            continue; // the header
        const std::string where = file + " line " + std::to_string(lineNumber);
        if (path.empty() || label.empty())
            throw DataError(where + ": expected path,label, found '" + content + "'");
        if (!isVolumePath(path))
            throw DataError(where + ": " + path + " is not a volume file; expected .nii, .nii.gz or .npy");
        const fs::path resolved = fs::path(path).is_absolute() ? fs::path(path) : base / path;
        std::error_code ec;
        if (!fs::is_regular_file(resolved, ec))
            throw DataError(where + ": " + resolved.string() + ": no such file");
        entries.push_back({resolved.string(), 0});
        labelTexts.push_back(label);
        lineNumbers.push_back(lineNumber);
    }
    if (entries.empty())
        throw DataError("csv:" + file + ": lists no volumes; expected path,label lines");

    const LabelSource source{file, [&](size_t i) { return file + " line " + std::to_string(lineNumbers[i]); }};
    const auto &place = source.place;
    std::vector<int64_t> numbers;
    std::optional<size_t> firstName, firstNumber;
    for (size_t i = 0; i < labelTexts.size(); ++i) {
        int64_t v = 0;
        if (parseInteger(labelTexts[i], v)) {
            numbers.push_back(v);
            firstNumber = firstNumber.value_or(i);
        } else {
            firstName = firstName.value_or(i);
        }
    }
    if (firstName && firstNumber)
        throw DataError(place(*firstName) + ": label '" + labelTexts[*firstName] + "' is a class name but " +
                        place(*firstNumber) + " gives the class number " + labelTexts[*firstNumber] +
                        "; use one kind of label throughout");
    const ClassLabels labels =
        firstName ? namedLabels(labelTexts, classNames, source) : integerLabels(numbers, classNames, source);
    for (size_t i = 0; i < entries.size(); ++i)
        entries[i].label = labels.labels[i];
    const std::string description = "manifest " + file + ": " + std::to_string(entries.size()) + " volumes in " +
                                    std::to_string(labels.classNames.size()) + " classes";
    return std::make_shared<FileDataset>(description, labels.classNames, std::move(entries), slice);
}

} // namespace volnet::data
