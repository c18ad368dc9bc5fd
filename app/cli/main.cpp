// backdoorlab-cli: the headless twin of the BackdoorLab GUI.
#include "app/cli/commands.h"
#include "core/base/runtime.h"

#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    bdl::core::tuneAllocator();
    std::vector<std::string> args(argv + 1, argv + argc);
    return bdl::app::runCli(args, std::cout, std::cerr);
}
