#!/usr/bin/python3
"""Python/PyTorch reference timings for BackdoorLab's benchmarks (not part of the product).

Rebuilds the CSAW-HackML "badnet" (YouTube-Face, 55x47x3, 1283 classes) in torch.nn from the
Keras 2 weights file, loads the shared PNG folders, and times what a typical Python defense script
does, single process with torch.set_num_threads(2):
  (a) forward passes, images/s: the 100 clean_test images replicated to 1000, batch 256, no_grad;
  (b) STRIP as usually written, inputs/s: per input, 100 superimpositions 0.5 x + 0.5 clean,
      one batch forward, mean Shannon entropy;
  (c) the fine-pruning curve done naively, seconds: rank pool_3 channels by mean clean activation,
      then for k in 0..60 mask the k least active channels and run a full forward of 1000 clean
      + 1000 poisoned images.
It also checks itself: clean accuracy of sunglasses_bd_weights.h5 (inputs / 255) on clean_test
must be 95 % and its attack success rate on sunglasses_poisoned_data 100 %.

Run with Debian's interpreter (python3-torch, python3-h5py, python3-pil; see
scripts/install-deps.sh --python):
    /usr/bin/python3 tools/reference_bench.py [--shared ../shared] [--threads 2]
Prints one JSON line.
"""
import argparse
import json
import os
import re
import sys
import time

import h5py
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

try:
    from PIL import Image
except ImportError:  # pragma: no cover - stated, not worked around
    sys.exit("reference_bench.py needs Pillow to read the PNG folders (apt-get install python3-pil)")

KERAS_LAYERS = ["conv_1", "conv_2", "conv_3", "conv_4", "fc_1", "fc_2", "output"]


class BadNet(nn.Module):
    """The CSAW-HackML network with Keras semantics (channels-last Flatten) and a pool_3 mask."""

    def __init__(self, input_factor):
        super().__init__()
        self.input_factor = input_factor
        self.conv_1 = nn.Conv2d(3, 20, 4)
        self.conv_2 = nn.Conv2d(20, 40, 3)
        self.conv_3 = nn.Conv2d(40, 60, 3)
        self.conv_4 = nn.Conv2d(60, 80, 2)
        self.fc_1 = nn.Linear(5 * 4 * 60, 160)
        self.fc_2 = nn.Linear(4 * 3 * 80, 160)
        self.output = nn.Linear(160, 1283)
        self.register_buffer("mask", torch.ones(60))

    def pool3(self, x):
        x = F.max_pool2d(F.relu(self.conv_1(x * self.input_factor)), 2)
        x = F.max_pool2d(F.relu(self.conv_2(x)), 2)
        return F.max_pool2d(F.relu(self.conv_3(x)), 2)

    def forward(self, x):
        p3 = self.pool3(x) * self.mask.view(1, -1, 1, 1)
        # Keras flattens (H, W, C): permute before flattening so the dense kernels line up.
        a = self.fc_1(p3.permute(0, 2, 3, 1).flatten(1))
        b = self.fc_2(F.relu(self.conv_4(p3)).permute(0, 2, 3, 1).flatten(1))
        return self.output(F.relu(a + b))  # logits; softmax where probabilities are needed


def load_keras_weights(model, path):
    with h5py.File(path, "r") as f:
        for name in KERAS_LAYERS:
            kernel = torch.from_numpy(np.array(f[name][name]["kernel:0"]))
            bias = torch.from_numpy(np.array(f[name][name]["bias:0"]))
            layer = getattr(model, name)
            if kernel.dim() == 4:  # Keras (kh, kw, in, out) -> torch (out, in, kh, kw)
                kernel = kernel.permute(3, 2, 0, 1)
            else:  # Keras (in, out) -> torch (out, in)
                kernel = kernel.t()
            with torch.no_grad():
                layer.weight.copy_(kernel)
                layer.bias.copy_(bias)
    return model.eval()


def load_folder(folder):
    """(N, 3, 55, 47) float32 raw pixels, labels, targets (-1 where the name has none)."""
    names = sorted(n for n in os.listdir(folder) if n.lower().endswith((".png", ".jpg", ".jpeg")))
    images, labels, targets = [], [], []
    for name in names:
        images.append(np.asarray(Image.open(os.path.join(folder, name)).convert("RGB")))
        nums = re.findall(r"_(\d+)", os.path.splitext(name)[0])
        labels.append(int(nums[-2]))
        targets.append(int(nums[0]) if len(nums) == 3 else -1)
    x = torch.from_numpy(np.stack(images)).permute(0, 3, 1, 2).float().contiguous()
    return x, torch.tensor(labels), torch.tensor(targets)


def predict(model, x, batch=256):
    with torch.no_grad():
        return torch.cat([model(x[i:i + batch]).argmax(1) for i in range(0, len(x), batch)])


def best_of(fn, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def strip_entropies(model, inputs, overlays, n_overlays=100, seed=0):
    """STRIP the way reference implementations loop: one input at a time."""
    gen = torch.Generator().manual_seed(seed)
    out = []
    with torch.no_grad():
        for x in inputs:
            idx = torch.randint(len(overlays), (n_overlays,), generator=gen)
            blended = 0.5 * x.unsqueeze(0) + 0.5 * overlays[idx]
            p = F.softmax(model(blended), dim=1)
            out.append(float((-(p * torch.log2(p.clamp_min(1e-12))).sum(1)).mean()))
    return out


def prune_curve(model, clean, clean_y, poisoned, poisoned_t):
    with torch.no_grad():
        order = model.pool3(clean).mean(dim=(0, 2, 3)).argsort()  # least active first
    cca, asr = [], []
    for k in range(0, 61):
        model.mask.fill_(1.0)
        model.mask[order[:k]] = 0.0
        cca.append(100.0 * float((predict(model, clean) == clean_y).float().mean()))
        asr.append(100.0 * float((predict(model, poisoned) == poisoned_t).float().mean()))
    model.mask.fill_(1.0)
    return cca, asr


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", default=os.path.join(here, "..", "..", "shared"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    root = os.path.join(args.shared, "data", "youtube_face")
    model = load_keras_weights(BadNet(1.0 / 255.0),
                               os.path.join(root, "models", "sunglasses_bd_weights.h5"))
    clean, clean_y, _ = load_folder(os.path.join(root, "images", "clean_test"))
    poisoned, poisoned_y, poisoned_t = load_folder(
        os.path.join(root, "images", "sunglasses_poisoned_data"))

    cca = 100.0 * float((predict(model, clean) == clean_y).float().mean())
    asr = 100.0 * float((predict(model, poisoned) == poisoned_t).float().mean())

    clean1000, clean1000_y = clean.repeat(10, 1, 1, 1), clean_y.repeat(10)
    poisoned1000, poisoned1000_t = poisoned.repeat(10, 1, 1, 1), poisoned_t.repeat(10)
    t_forward = best_of(lambda: predict(model, clean1000), args.repeats)

    strip_inputs = torch.cat([clean, poisoned])  # 200 inputs, overlays from clean_test
    start = time.perf_counter()
    entropies = strip_entropies(model, strip_inputs, clean)
    t_strip = time.perf_counter() - start

    start = time.perf_counter()
    curve_cca, curve_asr = prune_curve(model, clean1000, clean1000_y, poisoned1000,
                                       poisoned1000_t)
    t_prune = time.perf_counter() - start

    print(json.dumps({
        "tool": "reference_bench.py",
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "model": "sunglasses_bd_weights.h5 (inputs / 255)",
        "cca_clean_test_pct": round(cca, 2),
        "asr_sunglasses_pct": round(asr, 2),
        "forward_img_per_s": round(1000 / t_forward, 1),
        "strip_inputs_per_s": round(len(strip_inputs) / t_strip, 2),
        "strip_mean_entropy_clean": round(float(np.mean(entropies[:100])), 4),
        "strip_mean_entropy_poisoned": round(float(np.mean(entropies[100:])), 4),
        "prune_curve_s": round(t_prune, 2),
        "prune_cca_pct": [round(v, 1) for v in curve_cca],
        "prune_asr_pct": [round(v, 1) for v in curve_asr],
    }))
    if round(cca) != 95 or round(asr) != 100:
        sys.exit("reference_bench.py: sanity check failed (expected CCA 95 %%, ASR 100 %%; got "
                 "%.1f %%, %.1f %%)" % (cca, asr))


if __name__ == "__main__":
    main()
