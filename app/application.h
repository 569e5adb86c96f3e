#pragma once
// The desktop application: `volnet` with no subcommand. Opens the main window on the
// default template (dce_demo) or on the graph file given, or with --screenshot renders
// the window off-screen to an image and exits.
namespace volnet {

int runApplication(int argc, char **argv);

} // namespace volnet
