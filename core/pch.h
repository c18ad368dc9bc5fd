// Precompiled header for core/ (and reused by its tests and the app): the LibTorch headers most
// files need. Only the narrow ones: torch/torch.h's PCH is 570 MB and costs ~6.5 s to load per
// translation unit; this one is ~350 MB and ~2.9 s (measured on the 2-core CI machine). Files that
// need more (optim, jit) include it themselves.
#pragma once
#include <ATen/Parallel.h>
#include <torch/types.h>
#include <torch/utils.h>
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
