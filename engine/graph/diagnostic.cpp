#include "graph/diagnostic.h"

namespace volnet {

const char *severityName(Severity s)
{
    return s == Severity::Error ? "error" : "warning";
}

std::string formatDiagnostic(const Diagnostic &d)
{
    std::string s = severityName(d.severity);
    s += ": ";
    if (!d.node.empty()) {
        s += d.node;
        if (!d.field.empty())
            s += " (" + d.field + ")";
        s += ": ";
    }
    s += d.message;
    if (!d.fix.empty())
        s += " Fix: " + d.fix;
    return s;
}

} // namespace volnet
