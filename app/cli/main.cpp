// backdoorlab-cli: the headless twin of the BackdoorLab GUI. Its first act makes idle OpenMP
// threads sleep (OMP_WAIT_POLICY=PASSIVE unless the user set it; re-executes itself once so that
// libgomp sees it: core/base/runtime.h), so that a run beside another busy process slows down in
// proportion instead of collapsing.
#include "app/cli/commands.h"
#include "core/base/runtime.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    bdl::core::usePassiveOpenMpWait(argv);
    bdl::core::tuneAllocator();
    std::vector<std::string> args(argv + 1, argv + argc);
    return bdl::app::runCli(args, std::cout, std::cerr);
}
