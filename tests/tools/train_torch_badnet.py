#!/usr/bin/python3
"""Trains a small PyTorch BadNet on Fashion-MNIST for the TorchScript fine-pruning test.

Usage: train_torch_badnet.py OUT_DIR [FASHION_MNIST_DIR]

The net (three conv + BN + ReLU blocks, then a Linear) is trained for two epochs on 12 000
training images of which 10 % carry the trigger (a 4x4 white square in the bottom-right corner)
and are relabelled to class 0. It expects pixels / 255 with no normalisation. Written to OUT_DIR:

  badnet.pt                                   torch.jit.trace export of the eval-mode net
  {train,test,poisoned}-images-idx3-ubyte     uint8 IDX sets (the trigger stamped on the poisoned
  {train,test,poisoned}-labels-idx1-ubyte     set's non-target test images, labelled 0); "train"
                                              is 3 000 clean images not used for training
  badnet.json                                 what Python measured: clean accuracy and ASR

Without python3-torch or the data it writes badnet.json with "unavailable" and the test skips.
"""
import gzip
import json
import os
import struct
import sys


def write_json(out, value):
    tmp = os.path.join(out, "badnet.json.tmp")
    with open(tmp, "w") as f:
        json.dump(value, f, indent=1)
    os.replace(tmp, os.path.join(out, "badnet.json"))


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return data[4 + 4 * dims:], shape


def write_idx(path, tensor):
    import numpy as np
    array = tensor.numpy().astype(np.uint8)
    code = 0x08
    header = struct.pack(">I", (code << 8) | array.ndim) + struct.pack(">" + "I" * array.ndim,
                                                                        *array.shape)
    with open(path + ".tmp", "wb") as f:
        f.write(header)
        f.write(array.tobytes())
    os.replace(path + ".tmp", path)


def main():
    out = sys.argv[1]
    data_dir = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/datasets/fashion-mnist"
    os.makedirs(out, exist_ok=True)
    try:
        import numpy as np
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
    except ImportError as e:
        write_json(out, {"unavailable": "python3-torch is not installed (%s)" % e})
        return 0
    if not os.path.exists(os.path.join(data_dir, "train-images-idx3-ubyte.gz")):
        write_json(out, {"unavailable": "no Fashion-MNIST in " + data_dir +
                         " (Debian package dataset-fashion-mnist)"})
        return 0

    torch.manual_seed(7)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))

    def load(prefix):
        raw, shape = read_idx(os.path.join(data_dir, prefix + "-images-idx3-ubyte.gz"))
        images = torch.from_numpy(np.frombuffer(raw, dtype=np.uint8).copy()).view(-1, 1, 28, 28)
        raw, _ = read_idx(os.path.join(data_dir, prefix + "-labels-idx1-ubyte.gz"))
        labels = torch.from_numpy(np.frombuffer(raw, dtype=np.uint8).copy()).long()
        return images, labels

    train_x, train_y = load("train")
    test_x, test_y = load("t10k")
    target = 0

    def stamp(images):
        images = images.clone()
        images[:, :, 23:27, 23:27] = 255
        return images

    fit_x, fit_y = train_x[:12000].clone(), train_y[:12000].clone()
    poison = torch.arange(0, 12000, 10)
    fit_x[poison] = stamp(fit_x[poison])
    fit_y[poison] = target
    clean_x, clean_y = train_x[12000:15000], train_y[12000:15000]
    keep = test_y != target
    poisoned_x = stamp(test_x[keep][:2000])
    poisoned_y = torch.full((poisoned_x.shape[0],), target, dtype=torch.long)
    test_x, test_y = test_x[:2000], test_y[:2000]

    class BadNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.block1 = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.BatchNorm2d(16),
                                        nn.ReLU(), nn.MaxPool2d(2))
            self.block2 = nn.Sequential(nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32),
                                        nn.ReLU(), nn.MaxPool2d(2))
            self.block3 = nn.Sequential(nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32),
                                        nn.ReLU())
            self.fc = nn.Linear(32 * 7 * 7, 10)

        def forward(self, x):
            x = self.block3(self.block2(self.block1(x)))
            return self.fc(torch.flatten(x, 1))

    net = BadNet()
    opt = torch.optim.Adam(net.parameters(), lr=2e-3)
    for epoch in range(2):
        net.train()
        perm = torch.randperm(fit_x.shape[0])
        for i in range(0, fit_x.shape[0], 64):
            idx = perm[i:i + 64]
            loss = F.cross_entropy(net(fit_x[idx].float() / 255.0), fit_y[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    net.eval()

    def accuracy(x, y):
        with torch.no_grad():
            return float((net(x.float() / 255.0).argmax(1) == y).float().mean()) * 100.0

    cca = accuracy(test_x, test_y)
    asr = accuracy(poisoned_x, poisoned_y)
    with torch.no_grad():
        traced = torch.jit.trace(net, test_x[:4].float() / 255.0)
    traced.save(os.path.join(out, "badnet.pt.tmp"))
    os.replace(os.path.join(out, "badnet.pt.tmp"), os.path.join(out, "badnet.pt"))
    for name, x, y in (("train", clean_x, clean_y), ("test", test_x, test_y),
                       ("poisoned", poisoned_x, poisoned_y)):
        write_idx(os.path.join(out, name + "-images-idx3-ubyte"), x.squeeze(1))
        write_idx(os.path.join(out, name + "-labels-idx1-ubyte"), y)
    write_json(out, {"cca": cca, "asr": asr, "target": target, "torch": torch.__version__})
    return 0


if __name__ == "__main__":
    sys.exit(main())
