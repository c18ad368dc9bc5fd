#!/usr/bin/python3
"""Runs a TorchScript file in Python the way a user would: torch.jit.load, then forward.

Usage: run_torchscript.py MODEL.pt INPUT.f32 N C H W OUTPUT.f32

INPUT.f32 holds N x C x H x W float32 values; OUTPUT.f32 gets the forward's float32 result. Used
by the export tests to check that Python runs BackdoorLab's TorchScript exports unchanged.
"""
import sys

import numpy as np
import torch

model_path, input_path, n, c, h, w, output_path = sys.argv[1:8]
x = torch.from_numpy(np.fromfile(input_path, dtype=np.float32).reshape(int(n), int(c), int(h),
                                                                       int(w)))
module = torch.jit.load(model_path)
with torch.no_grad():
    y = module(x)
y.numpy().astype(np.float32).tofile(output_path)
