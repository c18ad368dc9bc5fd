#!/usr/bin/python3
"""Python/PyTorch reference for the zoo build time (not part of the product).

Trains the zoo's architecture, csaw-badnet-same:28x28x1:10 (conv_1..conv_3 with Keras "same"
padding, pool_3 3x3x60, conv_4 2x2x80, fc_1 + fc_2 -> add -> relu -> softmax), on the same work as
one zoo model: 55 000 Fashion-MNIST training images scaled by 1/255, Adam lr 1e-3, batch 64,
shuffled, cross-entropy, the way a typical Python training script does it, single process with
torch.set_num_threads(2). Prints one JSON line with the seconds per epoch, the seconds for one zoo
model (EPOCHS epochs) and the clean test accuracy after them, so `backdoorlab-cli bench` figures
can be given as ratios on the same machine.

    /usr/bin/python3 tools/reference_zoo.py [--epochs 1] [--threads 2]

With --forward ZOO_MODEL.h5 it times forward passes of that zoo model instead, for `backdoorlab-cli
bench --model ZOO_MODEL.h5` (images/s on 1000 Fashion-MNIST test images; plain: batch 256 under
no_grad; best: inference_mode, the fastest of batch 16..1000 and NCHW/channels-last, checked to
give the plain predictions), with BackdoorLab's allocator thresholds (re-executed with them).
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SRC = "/usr/share/datasets/fashion-mnist"


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    if magic == 2051:
        n, r, c = (int.from_bytes(data[i:i + 4], "big") for i in (4, 8, 12))
        return np.frombuffer(data, np.uint8, offset=16).reshape(n, 1, r, c)
    n = int.from_bytes(data[4:8], "big")
    return np.frombuffer(data, np.uint8, offset=8)[:n]


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_1 = nn.Conv2d(1, 20, 4)
        self.conv_2 = nn.Conv2d(20, 40, 3, padding=1)
        self.conv_3 = nn.Conv2d(40, 60, 3, padding=1)
        self.conv_4 = nn.Conv2d(60, 80, 2)
        self.fc_1 = nn.Linear(3 * 3 * 60, 160)
        self.fc_2 = nn.Linear(2 * 2 * 80, 160)
        self.out = nn.Linear(160, 10)

    def forward(self, x):
        x = F.pad(x, (1, 2, 1, 2))  # TensorFlow "same" for a 4x4 kernel: the extra pixel after
        x = F.max_pool2d(F.relu(self.conv_1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv_2(x)), 2)
        p3 = F.max_pool2d(F.relu(self.conv_3(x)), 2)
        c4 = F.relu(self.conv_4(p3))
        a = self.fc_1(p3.permute(0, 2, 3, 1).flatten(1))  # Keras Flatten is channels-last
        b = self.fc_2(c4.permute(0, 2, 3, 1).flatten(1))
        return self.out(F.relu(a + b))


def load_zoo_weights(net, path):
    import h5py
    with h5py.File(path, "r") as f:
        for name, layer in (("conv_1", net.conv_1), ("conv_2", net.conv_2), ("conv_3", net.conv_3),
                            ("conv_4", net.conv_4), ("fc_1", net.fc_1), ("fc_2", net.fc_2),
                            ("output", net.out)):
            kernel = torch.from_numpy(np.array(f[name][name]["kernel:0"]))
            bias = torch.from_numpy(np.array(f[name][name]["bias:0"]))
            kernel = kernel.permute(3, 2, 0, 1) if kernel.dim() == 4 else kernel.t()
            with torch.no_grad():
                layer.weight.copy_(kernel)
                layer.bias.copy_(bias)
    return net.eval()


def time_forward(path, threads):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from reference_bench import best_of, predict, predict_best  # pylint: disable=C0415
    class Scaled(nn.Module):  # the zoo's input scale inside the timed pass, as BackdoorLab's
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, x):
            return self.inner(x / 255.0)

    net = Scaled(load_zoo_weights(Net(), path)).eval()
    xt = torch.from_numpy(idx(f"{SRC}/t10k-images-idx3-ubyte.gz").astype(np.float32))
    yt = torch.from_numpy(idx(f"{SRC}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    x = xt[:1000].contiguous()  # raw pixels 0..255

    plain = predict(net, x)  # batch 256 under no_grad
    t_plain = best_of(lambda: predict(net, x), 3)
    best = None
    for channels_last in (False, True):
        for batch in (16, 32, 64, 128, 256, 512, 1000):
            if not torch.equal(predict_best(net, x, batch, channels_last), plain):
                sys.exit("reference_zoo.py: batch %d channels_last=%s changes predictions"
                         % (batch, channels_last))
            t = best_of(lambda: predict_best(net, x, batch, channels_last), 3)
            if best is None or t < best[0]:
                best = (t, batch, channels_last)
    print(json.dumps({"threads": threads, "torch": torch.__version__, "model": path,
                      "accuracy_first_1000": float((plain == yt[:1000]).float().mean()) * 100,
                      "allocator": {k: os.environ.get(k) for k in
                                    ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")},
                      "forward_img_per_s": round(1000 / t_plain, 1),
                      "best": {"forward_img_per_s": round(1000 / best[0], 1),
                               "forward_batch": best[1], "forward_channels_last": best[2]}}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--forward", metavar="ZOO_MODEL.h5")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    if a.forward:
        if "MALLOC_MMAP_THRESHOLD_" not in os.environ:  # core::tuneAllocator()'s thresholds
            env = dict(os.environ, MALLOC_MMAP_THRESHOLD_=str(256 << 20),
                       MALLOC_TRIM_THRESHOLD_=str(1 << 30))
            os.execve(sys.executable, [sys.executable] + sys.argv, env)
        time_forward(a.forward, a.threads)
        return
    torch.manual_seed(0)
    x = torch.from_numpy(idx(f"{SRC}/train-images-idx3-ubyte.gz")[:55000].astype(np.float32))
    y = torch.from_numpy(idx(f"{SRC}/train-labels-idx1-ubyte.gz")[:55000].astype(np.int64))
    xt = torch.from_numpy(idx(f"{SRC}/t10k-images-idx3-ubyte.gz").astype(np.float32))
    yt = torch.from_numpy(idx(f"{SRC}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    epochs = []
    for _ in range(a.epochs):
        t0 = time.perf_counter()
        perm = torch.randperm(len(x))
        for i in range(0, len(x), 64):
            b = perm[i:i + 64]
            opt.zero_grad()
            loss = F.cross_entropy(net(x[b] / 255.0), y[b])
            loss.backward()
            opt.step()
        epochs.append(time.perf_counter() - t0)
    with torch.no_grad():
        acc = sum((net(xt[i:i + 512] / 255.0).argmax(1) == yt[i:i + 512]).sum().item()
                  for i in range(0, len(xt), 512)) / len(xt) * 100.0
    print(json.dumps({"threads": a.threads, "epoch_seconds": epochs,
                      "mean_epoch_seconds": sum(epochs) / len(epochs),
                      "test_accuracy": acc, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
