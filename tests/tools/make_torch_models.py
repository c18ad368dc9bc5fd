#!/usr/bin/python3
"""Builds the PyTorch test models of the TorchScript import tests (tests/core/io/test_torchscript_import.cpp).

Usage: make_torch_models.py OUT_DIR

Writes into OUT_DIR, for every model NAME below, NAME.trace.pt and NAME.script.pt (the same weights
exported by torch.jit.trace and torch.jit.script), NAME.input.f32 (a batch of raw 0..255 pixel
values, float32, NCHW) and NAME.output.f32 (what Python's torch.jit.load(...)(input / 255) returns,
float32 (N, classes)), plus manifest.json describing them. Without python3-torch it writes a
manifest with "unavailable" set, and the tests skip with that reason.

Every model is in eval mode with non-trivial batch-norm statistics, so a BN that the importer
dropped or misread would change the outputs.
"""
import json
import os
import sys


def write_manifest(out, manifest):
    tmp = os.path.join(out, "manifest.json.tmp")
    with open(tmp, "w") as f:
        json.dump(manifest, f, indent=1)
    os.replace(tmp, os.path.join(out, "manifest.json"))


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    try:
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
    except ImportError as e:
        write_manifest(out, {"unavailable": "python3-torch is not installed (%s)" % e})
        return 0

    torch.manual_seed(1234)
    torch.set_num_threads(1)

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
            out = out + self.shortcut(x)
            return F.relu(out)

    class ResNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.layer1 = nn.Sequential(BasicBlock(16, 16, 1), BasicBlock(16, 16, 1))
            self.layer2 = nn.Sequential(BasicBlock(16, 32, 2), BasicBlock(32, 32, 1))
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(32, 10)

        def forward(self, x):
            x = F.relu(self.bn1(self.conv1(x)))
            x = self.layer2(self.layer1(x))
            x = torch.flatten(self.avgpool(x), 1)
            return self.fc(x)

    class VGG(nn.Module):
        def __init__(self):
            super().__init__()
            self.features = nn.Sequential(
                nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
                nn.Conv2d(16, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(inplace=True),
                nn.MaxPool2d(2, 2),
                nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(inplace=True),
                nn.MaxPool2d(2, 2))
            self.classifier = nn.Sequential(
                nn.Linear(32 * 8 * 8, 64), nn.BatchNorm1d(64), nn.ReLU(True), nn.Dropout(0.5),
                nn.Linear(64, 10))

        def forward(self, x):
            x = self.features(x)
            x = x.view(x.size(0), -1)
            return self.classifier(x)

    class DepthwiseSeparable(nn.Module):
        def __init__(self):
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 2, 1, bias=False), nn.BatchNorm2d(16),
                                      nn.ReLU6(inplace=True))
            self.dw = nn.Conv2d(16, 32, 3, 1, 1, groups=16, bias=False)  # multiplier 2
            self.bn_dw = nn.BatchNorm2d(32)
            self.pw = nn.Conv2d(32, 24, 1, bias=False)
            self.bn_pw = nn.BatchNorm2d(24)
            self.dilated = nn.Conv2d(24, 24, 3, padding=2, dilation=2, groups=4)
            self.head = nn.Linear(24 * 4, 10)

        def forward(self, x):
            x = self.stem(x)
            x = F.relu6(self.bn_dw(self.dw(x)))
            x = F.hardswish(self.bn_pw(self.pw(x)))
            x = F.leaky_relu(self.dilated(x), 0.1)
            x = F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False)
            x = F.adaptive_avg_pool2d(x, (2, 2))
            return self.head(torch.flatten(x, 1))

    class CatNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.branch1 = nn.Conv2d(3, 8, 1)
            self.branch3 = nn.Conv2d(3, 8, 3, padding="same")
            self.mix = nn.Conv2d(16, 16, 3, padding=1)
            self.bn = nn.BatchNorm2d(16)
            self.fc1 = nn.Linear(16, 32)
            self.fc2 = nn.Linear(32, 10)

        def forward(self, x):
            x = x * 2.0 - 1.0
            x = torch.cat([F.silu(self.branch1(x)), torch.tanh(self.branch3(x))], 1)
            x = F.max_pool2d(x, 3, 2, 1, ceil_mode=True)
            x = F.gelu(self.bn(self.mix(x)))
            x = x * torch.sigmoid(x)
            x = F.hardtanh(x, -2.0, 2.0)
            x = x.mean([2, 3])
            x = F.elu(self.fc1(x))
            return F.log_softmax(self.fc2(x), dim=1)

    models = {"resnet": ResNet(), "vgg": VGG(), "dwsep": DepthwiseSeparable(), "cat": CatNet()}
    manifest = {"models": {}}
    gen = torch.Generator().manual_seed(99)
    for name, model in models.items():
        for m in model.modules():  # non-trivial BN statistics and affine parameters
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                with torch.no_grad():
                    m.running_mean.uniform_(-0.5, 0.5, generator=gen)
                    m.running_var.uniform_(0.5, 2.0, generator=gen)
                    m.weight.uniform_(0.5, 1.5, generator=gen)
                    m.bias.uniform_(-0.3, 0.3, generator=gen)
        model.eval()
        images = torch.randint(0, 256, (6, 3, 32, 32), generator=gen).float()
        example = images / 255.0
        with torch.no_grad():
            traced = torch.jit.trace(model, example)
            scripted = torch.jit.script(model)
            for kind, module in (("trace", traced), ("script", scripted)):
                path = os.path.join(out, "%s.%s.pt" % (name, kind))
                module.save(path)
            reference = torch.jit.load(os.path.join(out, name + ".trace.pt"))(example)
        images.numpy().astype("float32").tofile(os.path.join(out, name + ".input.f32"))
        reference.numpy().astype("float32").tofile(os.path.join(out, name + ".output.f32"))
        manifest["models"][name] = {"input": list(images.shape),
                                    "output": list(reference.shape)}
    # Refusals: an op the importer does not know (with its source line), and a checkpoint that
    # holds weights but no graph.
    class Upsample(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv = nn.Conv2d(3, 4, 3)
            self.fc = nn.Linear(4, 10)

        def forward(self, x):
            x = F.interpolate(self.conv(x), scale_factor=2.0, mode="nearest")
            return self.fc(x.mean([2, 3]))

    torch.jit.script(Upsample().eval()).save(os.path.join(out, "upsample.script.pt"))
    torch.save(models["vgg"].state_dict(), os.path.join(out, "state_dict.pt"))
    manifest["torch"] = torch.__version__
    write_manifest(out, manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
