// Precompiled header for core/ (and reused by its tests): the expensive LibTorch headers.
#pragma once
#include <torch/torch.h>
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>
