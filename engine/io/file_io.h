#pragma once
// Reading whole files and replacing them atomically: every file VolNet Studio writes
// (graphs, weights, checkpoints, metrics) goes through writeFileAtomically, so a crash
// or a kill leaves either the old file or the new one, never half of one.
#include <cstdint>
#include <string>
#include <string_view>

namespace volnet {

// Reads all of `path` into `bytes`; on failure returns a message naming the path and the
// operating system's reason, else an empty string. A file larger than `maxBytes` (when
// not negative) is refused before it is read: something else opened by mistake.
std::string readFile(const std::string &path, std::string *bytes, int64_t maxBytes = -1);

// Writes `bytes` to a new temporary file beside `path`, flushes it to disk and renames it
// over `path` (through a symbolic link, the file it points to). Keeps the permissions of
// the file it replaces. On failure removes the temporary file and returns a message
// naming the path and the reason, else an empty string.
std::string writeFileAtomically(const std::string &path, std::string_view bytes);

// Removes the temporary files that writeFileAtomically left in `dir` when its process was
// killed mid-write: those whose process no longer runs. Returns how many it removed.
int removeStaleTemporaries(const std::string &dir);

} // namespace volnet
