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
"""
import argparse
import gzip
import json
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
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
