#pragma once
#include <string>
#include <vector>

namespace volnet {

enum class Severity { Error, Warning };

// One finding about a graph, attached to the node (and parameter) where it happens.
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string node;    // node id; empty for a finding about the whole graph
    std::string field;   // parameter name at fault, or empty
    std::string code;    // stable identifier, e.g. "concat-mismatch", for tests and docs
    std::string message; // what is wrong, with the shapes involved, in a user's words
    std::string fix;     // what to do about it; may be empty
};

const char *severityName(Severity s);

// "error: conv2d_1 (kernel_size): ... Fix: ..." on one line.
std::string formatDiagnostic(const Diagnostic &d);

} // namespace volnet
