#include "io/file_io.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

namespace volnet {

namespace {

std::string osReason(int error)
{
    return std::strerror(error);
}

bool writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        data.remove_prefix(size_t(n));
    }
    return true;
}

// A new file beside `target` that no one else can be writing: a hidden name with the
// process id and a counter, created exclusively.
int createTempBeside(const std::filesystem::path &target, std::string *tempPath)
{
    static std::atomic<unsigned> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::filesystem::path temp = target;
        // The name cut short so that the suffix still fits the file system's limit.
        temp.replace_filename("." + target.filename().string().substr(0, 200) + ".tmp-" +
                              std::to_string(::getpid()) + "-" + std::to_string(counter++));
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0 || errno != EEXIST) {
            *tempPath = temp.string();
            return fd;
        }
    }
    return -1;
}

// Saving through a link updates the file it points to, as editors do, instead of
// replacing the link with a plain file.
std::filesystem::path resolveLink(const std::string &path)
{
    std::error_code ec;
    if (!std::filesystem::is_symlink(path, ec))
        return path;
    const auto resolved = std::filesystem::weakly_canonical(path, ec);
    return ec ? std::filesystem::path(path) : resolved;
}

// Writes, flushes to disk and closes `fd`; on failure returns what failed with errno set.
std::string writeAndClose(int fd, std::string_view bytes, const std::filesystem::path &target)
{
    // Keep the permissions of the file being replaced.
    struct stat old;
    if (::stat(target.c_str(), &old) == 0)
        ::fchmod(fd, old.st_mode & 07777);
    std::string failed;
    if (!writeAll(fd, bytes))
        failed = "cannot write";
    else if (::fsync(fd) != 0)
        failed = "cannot flush to disk";
    const int savedErrno = errno;
    if (::close(fd) != 0 && failed.empty())
        return "cannot close the written file";
    errno = savedErrno;
    return failed;
}

std::filesystem::path directoryOf(const std::filesystem::path &file)
{
    return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

void syncDirectory(const std::filesystem::path &dir)
{
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd); // makes the rename itself durable; a failure here loses nothing written
    ::close(fd);
}

} // namespace

std::string readFile(const std::string &path, std::string *bytes, int64_t maxBytes)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return "cannot open " + path + ": " + osReason(errno);
    struct stat st;
    if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        ::close(fd);
        return "cannot open " + path + ": " + osReason(EISDIR);
    }
    if (maxBytes >= 0 && ::fstat(fd, &st) == 0 && st.st_size > maxBytes) {
        ::close(fd);
        return "cannot open " + path + ": " + std::to_string(st.st_size >> 20) + " MiB is far too large for this kind of file";
    }
    bytes->clear();
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string failed = n == 0 ? std::string() : "cannot read " + path + ": " + osReason(errno);
            ::close(fd);
            return failed;
        }
        bytes->append(buffer, size_t(n));
    }
}

int removeStaleTemporaries(const std::string &dir)
{
    int removed = 0;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator(dir, ec)) {
        // ".<name>.tmp-<pid>-<counter>", as createTempBeside names them.
        const std::string name = entry.path().filename().string();
        const size_t mark = name.rfind(".tmp-");
        if (name.empty() || name[0] != '.' || mark == std::string::npos || !entry.is_regular_file(ec))
            continue;
        const std::string rest = name.substr(mark + 5);
        const size_t dash = rest.find('-');
        if (dash == std::string::npos || dash == 0 || dash > 9 ||
            rest.find_first_not_of("0123456789-") != std::string::npos)
            continue;
        const pid_t pid = pid_t(std::stol(rest.substr(0, dash)));
        const bool running = pid == ::getpid() || ::kill(pid, 0) == 0 || errno == EPERM;
        if (!running && std::filesystem::remove(entry.path(), ec))
            ++removed;
    }
    return removed;
}

std::string writeFileAtomically(const std::string &path, std::string_view bytes)
{
    const std::filesystem::path target = resolveLink(path);
    std::string tempPath;
    const int fd = createTempBeside(target, &tempPath);
    if (fd < 0)
        return "cannot save " + path + ": cannot create a file in " + directoryOf(target).string() + ": " +
               osReason(errno);
    std::string failed = writeAndClose(fd, bytes, target);
    if (failed.empty() && ::rename(tempPath.c_str(), target.c_str()) != 0)
        failed = "cannot replace the file";
    if (!failed.empty()) {
        const int savedErrno = errno;
        ::unlink(tempPath.c_str());
        return "cannot save " + path + ": " + failed + ": " + osReason(savedErrno);
    }
    syncDirectory(directoryOf(target));
    return {};
}

} // namespace volnet
