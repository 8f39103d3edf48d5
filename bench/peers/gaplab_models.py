"""PyTorch peers of the GapLab model zoo (src/GapLab.Core/Models).

Each class builds the same architecture, with the same state_dict names and shapes, as the GapLab spec
shown in its docstring, so weights saved by GapLab as .safetensors load with
    model.load_state_dict(safetensors.torch.load_file(path))      # or load_safetensors(path) below, without the package
and timings can be compared layer for layer.

    python3 gaplab_models.py --dump C H W K [--weights DIR] SPEC...
prints, as JSON, the parameter count, state_dict (name, shape) list and output shape of each spec; with --weights it
also loads DIR/model<i>.safetensors (strictly) into the i-th model and reports its eval-mode logits on the tensor "x"
of DIR/input.safetensors. GapLab's tests use this when python3 with torch is present.
"""
import json
import struct
import sys

import torch
from torch import nn


class MLP(nn.Module):
    """mlp:depth=2,dropout=0,width=512 -> layers.0.weight, layers.3.weight, ..., layers.{3*depth}.weight"""

    def __init__(self, in_features, num_classes, depth=2, width=512, dropout=0.0):
        super().__init__()
        layers, d = [], in_features
        for _ in range(depth):
            layers += [nn.Linear(d, width), nn.ReLU(), nn.Dropout(dropout)]
            d = width
        layers.append(nn.Linear(d, num_classes))
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return self.layers(x.flatten(1))


class VGG(nn.Module):
    """cnn:blocks=3,bn=false,dropout=0,width=1 -> features.*, classifier.weight/bias"""

    def __init__(self, in_channels, num_classes, blocks=3, width=1.0, bn=False, dropout=0.0):
        super().__init__()
        layers, c_in = [], in_channels
        base = max(1, int(round(32 * width)))
        for b in range(blocks):
            c = base * 2 ** b
            for _ in range(2):
                layers.append(nn.Conv2d(c_in, c, 3, padding=1, bias=not bn))
                if bn:
                    layers.append(nn.BatchNorm2d(c))
                layers.append(nn.ReLU())
                c_in = c
            layers.append(nn.MaxPool2d(2))
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.dropout = nn.Dropout(dropout)
        self.classifier = nn.Linear(c_in, num_classes)

    def forward(self, x):
        x = self.pool(self.features(x)).flatten(1)
        return self.classifier(self.dropout(x))


class NiN(nn.Module):
    """nin:bn=true,depth=3,dropout=0,kernel=3,width=96 -> features.*, head.weight/bias"""

    def __init__(self, in_channels, num_classes, depth=3, width=96, kernel=3, bn=True, dropout=0.0):
        super().__init__()
        layers, c_in = [], in_channels
        for _ in range(depth):
            layers.append(nn.Conv2d(c_in, width, kernel, stride=2, padding=kernel // 2, bias=not bn))
            if bn:
                layers.append(nn.BatchNorm2d(width))
            layers.append(nn.ReLU())
            for _ in range(2):
                layers.append(nn.Conv2d(width, width, 1, bias=not bn))
                if bn:
                    layers.append(nn.BatchNorm2d(width))
                layers.append(nn.ReLU())
            layers.append(nn.Dropout(dropout))
            c_in = width
        self.features = nn.Sequential(*layers)
        self.head = nn.Conv2d(c_in, num_classes, 1)
        self.pool = nn.AdaptiveAvgPool2d(1)

    def forward(self, x):
        return self.pool(self.head(self.features(x))).flatten(1)


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.shortcut = nn.Sequential()
        if stride != 1 or in_channels != out_channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels))

    def forward(self, x):
        out = torch.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        return torch.relu(out + self.shortcut(x))


class CifarResNet(nn.Module):
    """resnet:depth=20,width=1 -> conv1.weight, bn1.*, layer1.0.conv1.weight, ..., fc.weight, fc.bias"""

    def __init__(self, in_channels, num_classes, depth=20, width=1.0):
        super().__init__()
        assert depth >= 8 and (depth - 2) % 6 == 0, "depth must be 6n+2"
        n = (depth - 2) // 6
        c = max(1, int(round(16 * width)))
        self.conv1 = nn.Conv2d(in_channels, c, 3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.layer1 = self._stage(c, c, n, 1)
        self.layer2 = self._stage(c, 2 * c, n, 2)
        self.layer3 = self._stage(2 * c, 4 * c, n, 2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(4 * c, num_classes)

    @staticmethod
    def _stage(c_in, c_out, blocks, stride):
        return nn.Sequential(*[BasicBlock(c_in if i == 0 else c_out, c_out, stride if i == 0 else 1) for i in range(blocks)])

    def forward(self, x):
        x = torch.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(self.pool(x).flatten(1))


_DTYPES = {"F64": torch.float64, "F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "I64": torch.int64,
           "I32": torch.int32, "I16": torch.int16, "I8": torch.int8, "U8": torch.uint8, "BOOL": torch.bool}


def load_safetensors(path):
    """Reads a .safetensors file into ({name: tensor}, metadata) with torch alone (little-endian machines)."""
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = blob[8 + n:]
    tensors = {}
    for name, e in header.items():
        begin, end = e["data_offsets"]
        buf = bytearray(data[begin:end])
        t = torch.frombuffer(buf, dtype=_DTYPES[e["dtype"]]) if buf else torch.empty(0, dtype=_DTYPES[e["dtype"]])
        tensors[name] = t.reshape(e["shape"])
    return tensors, metadata


class SmallCNN(nn.Module):
    """smallcnn:hidden=128,width=1 (the PyTorch MNIST example net) -> conv1.*, conv2.*, fc1.*, fc2.*"""

    def __init__(self, in_channels, height, width, num_classes, hidden=128, width_multiplier=1.0):
        super().__init__()
        c1 = max(1, int(round(32 * width_multiplier)))
        c2 = max(1, int(round(64 * width_multiplier)))
        self.conv1 = nn.Conv2d(in_channels, c1, 3)
        self.conv2 = nn.Conv2d(c1, c2, 3)
        self.fc1 = nn.Linear(c2 * ((height - 4) // 2) * ((width - 4) // 2), hidden)
        self.fc2 = nn.Linear(hidden, num_classes)

    def forward(self, x):
        x = torch.relu(self.conv1(x))
        x = torch.max_pool2d(torch.relu(self.conv2(x)), 2).flatten(1)
        return self.fc2(torch.relu(self.fc1(x)))


_BOOL = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


def build(spec, channels, height, width, num_classes):
    """Builds a GapLab spec string such as 'resnet:depth=20,width=1' for input [channels, height, width]."""
    name, _, rest = spec.strip().partition(":")
    p = dict(kv.split("=", 1) for kv in rest.split(",")) if rest else {}
    name = name.lower()
    if name == "mlp":
        return MLP(channels * height * width, num_classes, int(p.get("depth", 2)), int(p.get("width", 512)), float(p.get("dropout", 0)))
    if name == "cnn":
        return VGG(channels, num_classes, int(p.get("blocks", 3)), float(p.get("width", 1)),
                   _BOOL[p.get("bn", "false").lower()], float(p.get("dropout", 0)))
    if name == "nin":
        return NiN(channels, num_classes, int(p.get("depth", 3)), int(p.get("width", 96)), int(p.get("kernel", 3)),
                   _BOOL[p.get("bn", "true").lower()], float(p.get("dropout", 0)))
    if name == "resnet":
        return CifarResNet(channels, num_classes, int(p.get("depth", 20)), float(p.get("width", 1)))
    if name == "smallcnn":
        return SmallCNN(channels, height, width, num_classes, int(p.get("hidden", 128)), float(p.get("width", 1)))
    raise ValueError(f"unknown model '{name}'; known: mlp, cnn, nin, resnet, smallcnn")


def _dump(args):
    c, h, w, k = (int(a) for a in args[:4])
    specs, weights = args[4:], None
    if specs[:1] == ["--weights"]:
        weights, specs = specs[1], specs[2:]
    x = load_safetensors(f"{weights}/input.safetensors")[0]["x"] if weights else torch.zeros(2, c, h, w)
    out = {}
    for i, spec in enumerate(specs):
        m = build(spec, c, h, w, k)
        entry = {
            "parameters": sum(p.numel() for p in m.parameters() if p.requires_grad),
            "state": [[name, list(t.shape)] for name, t in m.state_dict().items()],
        }
        if weights:
            m.load_state_dict(load_safetensors(f"{weights}/model{i}.safetensors")[0], strict=True)
        with torch.no_grad():
            y = m.eval()(x)
        entry["output"] = list(y.shape)
        if weights:
            entry["logits"] = y.flatten().tolist()
        out[spec] = entry
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) >= 6 and sys.argv[1] == "--dump":
        _dump(sys.argv[2:])
    else:
        print(__doc__)
