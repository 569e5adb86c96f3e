#pragma once
// The headless subcommands of `volnet`. Each returns the process exit code:
// 0 success, 1 a runtime failure, 2 bad input (a usage error, a file or graph at fault).
#include <string>
#include <vector>

namespace volnet::cli {

using Args = std::vector<std::string>; // the arguments after the subcommand's name

int runSummary(const Args &args);
int runDevices(const Args &args);
int runPredict(const Args &args);
int runTrain(const Args &args);

} // namespace volnet::cli
