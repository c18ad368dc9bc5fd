#!/usr/bin/python3
"""Python reference timings for a TorchScript model (not part of the product).

Times, on the same TorchScript file that `backdoorlab-cli bench --model FILE.pt` times:
  (a) forward passes, images/s: N seeded random images (pixels / 255), batch 32 (BackdoorLab's
      default batch), argmax, under torch.no_grad();
  (b) STRIP as usually written, inputs/s: per input, 100 superimpositions 0.5 x + 0.5 overlay,
      one batch forward, mean Shannon entropy of the softmax.
With --make it first writes a CIFAR-style ResNet-18 (BasicBlocks [2, 2, 2, 2], 64..512 channels,
3x3 stem without max pooling, 10 classes, seeded random weights, non-trivial BN statistics)
traced at 32 x 32 to FILE.

Run with Debian's interpreter and the allocator thresholds BackdoorLab sets for itself
(core/base/runtime.cpp, tuneAllocator), so the comparison is like for like:
    MALLOC_MMAP_THRESHOLD_=268435456 MALLOC_TRIM_THRESHOLD_=1073741824 \\
    /usr/bin/python3 tools/reference_torchscript_bench.py --model resnet18.pt [--make] [--threads 2]
Prints one JSON line.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                          nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return F.relu(out + self.shortcut(x))


class ResNet18(nn.Module):
    def __init__(self, classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        layers, cin = [], 64
        for cout, stride in ((64, 1), (128, 2), (256, 2), (512, 2)):
            layers.append(nn.Sequential(BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)))
            cin = cout
        self.layer1, self.layer2, self.layer3, self.layer4 = layers
        self.fc = nn.Linear(512, classes)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        x = F.adaptive_avg_pool2d(x, (1, 1))
        return self.fc(torch.flatten(x, 1))


def make(path):
    torch.manual_seed(0)
    model = ResNet18()
    gen = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            with torch.no_grad():
                m.running_mean.uniform_(-0.2, 0.2, generator=gen)
                m.running_var.uniform_(0.5, 2.0, generator=gen)
    model.eval()
    with torch.no_grad():
        torch.jit.trace(model, torch.rand(1, 3, 32, 32)).save(path)


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--make", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--images", type=int, default=1000)
    ap.add_argument("--strip-inputs", type=int, default=50)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if args.make:
        make(args.model)
    torch.set_num_threads(args.threads)
    model = torch.jit.load(args.model).eval()
    gen = torch.Generator().manual_seed(1)
    images = torch.randint(0, 256, (args.images, 3, 32, 32), generator=gen).float() / 255.0

    def forward():
        with torch.no_grad():
            for i in range(0, len(images), 32):
                model(images[i:i + 32]).argmax(1)

    def strip():
        g = torch.Generator().manual_seed(0)
        with torch.no_grad():
            for x in images[:args.strip_inputs]:
                idx = torch.randint(len(images), (100,), generator=g)
                p = F.softmax(model(0.5 * x.unsqueeze(0) + 0.5 * images[idx]), dim=1)
                float((-(p * torch.log2(p.clamp_min(1e-12))).sum(1)).mean())

    forward()  # warm-up (the JIT's profiling runs)
    t_forward = best_of(forward, args.repeats)
    t_strip = best_of(strip, args.repeats)
    print(json.dumps({"model": args.model, "threads": args.threads, "torch": torch.__version__,
                      "forward_img_per_s": args.images / t_forward,
                      "strip_inputs_per_s": args.strip_inputs / t_strip}))


if __name__ == "__main__":
    main()
