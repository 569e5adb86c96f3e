// `volnet`: the VolNet Studio application, and its headless subcommands.
#include "commands.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#ifdef VOLNET_HAS_UI
#include "application.h"
#endif

namespace {

struct Subcommand {
    const char *name;
    const char *summary;
    int (*run)(const volnet::cli::Args &);
};

const Subcommand kSubcommands[] = {
    {"summary", "print a graph's layers, output shapes, parameters, FLOPs and problems", volnet::cli::runSummary},
    {"train", "train a graph on a dataset, with checkpoints and a progress bar", volnet::cli::runTrain},
    {"predict", "run a graph's forward pass on samples from a .npy file", volnet::cli::runPredict},
    {"devices", "list the Vulkan devices and the one VolNet Studio would use", volnet::cli::runDevices},
};

void printHelp()
{
    std::printf("VolNet Studio %s: design, train and inspect 3D-2D convolutional networks.\n\n"
                "Usage:\n"
                "  volnet [GRAPH.json]                    open the application (on dce_demo, or GRAPH)\n"
                "  volnet --screenshot FILE.png [GRAPH]   render the main window off-screen to an image\n"
                "  volnet <command> [options]             run the engine headless\n\n"
                "Commands:\n",
                VOLNET_VERSION);
    for (const Subcommand &c : kSubcommands)
        std::printf("  %-10s %s\n", c.name, c.summary);
    std::printf("\nOptions:\n"
                "  -h, --help      this text (also: volnet <command> --help)\n"
                "  --version       the version\n\n"
                "Environment: VOLNET_DEVICE=N picks a Vulkan device, VOLNET_VALIDATION=1 turns on the\n"
                "Khronos validation layer. Exit codes: 0 success, 1 failure, 2 bad input.\n");
}

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty()) {
        if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            printHelp();
            return 0;
        }
        if (args[0] == "--version") {
            std::printf("volnet %s\n", VOLNET_VERSION);
            return 0;
        }
        for (const Subcommand &c : kSubcommands)
            if (args[0] == c.name)
                return c.run(volnet::cli::Args(args.begin() + 1, args.end()));
        if (args[0].rfind("-", 0) == 0 && args[0] != "--screenshot") {
            std::fprintf(stderr, "volnet: unknown option '%s'. See 'volnet --help'.\n", args[0].c_str());
            return 2;
        }
        if (args[0].find('.') == std::string::npos && args[0] != "--screenshot") {
            std::fprintf(stderr, "volnet: unknown command '%s'. See 'volnet --help'.\n", args[0].c_str());
            return 2;
        }
    }
#ifdef VOLNET_HAS_UI
    return volnet::runApplication(argc, argv);
#else
    std::fprintf(stderr, "volnet: this build has no user interface; use a command (see 'volnet --help').\n");
    return 2;
#endif
}
