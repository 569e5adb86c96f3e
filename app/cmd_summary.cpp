// `volnet summary GRAPH.json`: the Keras-style model summary, with FLOPs and axis roles.
#include "commands.h"
#include "text_table.h"

#include "graph/analysis.h"
#include "graph/graph_json.h"

#include <cstdio>

namespace volnet::cli {

namespace {

void printUsage(std::FILE *to)
{
    std::fprintf(to, "Usage: volnet summary GRAPH.json\n\n"
                     "Prints each block's output shape (as Keras prints it, with None for the batch),\n"
                     "the role of each axis (T time, D depth, H/W image rows/columns, C channels,\n"
                     "F features), parameters, FLOPs per sample, then the totals and every problem.\n"
                     "Exit code 2 when the graph has errors or cannot be read.\n");
}

std::string kerasShape(const TensorInfo &t)
{
    std::string s = "(None";
    for (int64_t d : t.dims)
        s += ", " + std::to_string(d);
    return s + ")";
}

std::string axesOf(const TensorInfo &t)
{
    std::string s;
    for (const auto &r : t.roles)
        s += (s.empty() ? "" : " ") + r;
    return s;
}

void printTable(const Graph &graph, const Analysis &a)
{
    TextTable table({"Layer (type)", "Output Shape", "Axes", "Param #", "FLOPs", "Connected to"});
    table.setRightAligned(3);
    table.setRightAligned(4);
    for (const Node &n : graph.nodes()) {
        const auto it = a.nodes.find(n.id);
        const NodeAnalysis *info = it == a.nodes.end() ? nullptr : &it->second;
        const bool known = info && info->output;
        std::string inputs;
        for (const auto &p : graph.inputsOf(n.id))
            if (p)
                inputs += (inputs.empty() ? "" : ", ") + *p;
        table.addRow({n.id + " (" + n.type + ")", known ? kerasShape(*info->output) : "?",
                      known ? axesOf(*info->output) : "", known ? withThousands(info->params()) : "?",
                      known ? humanCount(info->flops) : "?", inputs});
    }
    std::printf("Model: \"%s\"\n%s", graph.meta().name.c_str(), table.render().c_str());
    std::printf("Total params: %s\n", withThousands(a.totalParams()).c_str());
    std::printf("Trainable params: %s\n", withThousands(a.trainableParams).c_str());
    std::printf("Non-trainable params: %s\n", withThousands(a.nonTrainableParams).c_str());
    std::printf("FLOPs per sample (forward): %s\n", humanCount(a.flops).c_str());
    std::printf("Activation memory per sample: %s\n", humanBytes(a.activationBytes).c_str());
}

} // namespace

int runSummary(const Args &args)
{
    std::string path;
    for (const std::string &arg : args) {
        if (arg == "--help" || arg == "-h") {
            printUsage(stdout);
            return 0;
        }
        if (arg.rfind("-", 0) == 0 || !path.empty()) {
            std::fprintf(stderr, "volnet summary: unexpected argument '%s'.\n\n", arg.c_str());
            printUsage(stderr);
            return 2;
        }
        path = arg;
    }
    if (path.empty()) {
        printUsage(stderr);
        return 2;
    }
    const GraphLoadResult loaded = loadGraphFile(path);
    if (!loaded.ok) {
        std::fprintf(stderr, "volnet summary: cannot read %s: %s\n", path.c_str(), loaded.error.c_str());
        return 2;
    }
    const Analysis a = analyze(loaded.graph);
    printTable(loaded.graph, a);
    if (!a.diagnostics.empty())
        std::printf("\n");
    for (const Diagnostic &d : a.diagnostics)
        std::printf("%s\n", formatDiagnostic(d).c_str());
    if (a.hasErrors()) {
        std::fprintf(stderr, "volnet summary: %s has errors; fix them in the editor or the file.\n", path.c_str());
        return 2;
    }
    return 0;
}

} // namespace volnet::cli
