"""PyTorch-eager twin of ThroughputBench.java: the same model, loss, optimizer update rule and
batched augmentation (same algorithms, same tensor operations) on the bundled Fashion-MNIST sample.

Usage: python3 torch_throughput.py METHOD STEPS THREADS
Epoch 1 (STEPS steps) warms up, epoch 2 (STEPS steps) is measured. Prints one JSON line.
Methods: simclr, supervised (the ones the engine branch implements).
"""
import gzip
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "sample-data", "src", "main", "resources",
                      "dev", "umbra", "sample", "fashion-mnist-sample")


def read_idx(name, offset):
    with gzip.open(os.path.join(SAMPLE, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def convnet_s():
    def stage(cin, cout, stride):
        return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
    return nn.Sequential(*stage(1, 32, 1), *stage(32, 64, 2), *stage(64, 128, 2),
                         nn.AdaptiveAvgPool2d(1), nn.Flatten())


class ViewAugmenter:
    """ResizedCropFlip + ColorJitter (brightness, contrast) as in the Java augment package, gray images."""

    def __init__(self, scale_min, flip_prob, jitter_prob, brightness, contrast, mean, std):
        self.scale_min, self.flip_prob = scale_min, flip_prob
        self.jitter_prob, self.brightness, self.contrast = jitter_prob, brightness, contrast
        self.mean, self.std = mean, std

    def box(self, rnd, h, w):
        area = h * w
        for _ in range(10):
            target = area * (self.scale_min + (1 - self.scale_min) * rnd.random())
            ratio = math.exp(math.log(3 / 4) + (math.log(4 / 3) - math.log(3 / 4)) * rnd.random())
            cw, ch = round(math.sqrt(target * ratio)), round(math.sqrt(target / ratio))
            if 0 < cw <= w and 0 < ch <= h:
                return rnd.randrange(h - ch + 1), rnd.randrange(w - cw + 1), ch, cw
        return 0, 0, h, w

    @staticmethod
    def coords(size, start, length, reverse):
        step = length / size
        src = [start + min(max((i + 0.5) * step - 0.5, 0), length - 1) for i in range(size)]
        return src[::-1] if reverse else src

    def __call__(self, images, rnd):
        b, _, h, w = images.shape
        x = images.float().div_(255)
        if self.scale_min < 1 or self.flip_prob > 0:
            rows, cols = [], []
            for _ in range(b):
                y0, x0, ch, cw = self.box(rnd, h, w)
                flip = rnd.random() < self.flip_prob
                rows += self.coords(h, y0, ch, False)
                cols += self.coords(w, x0, cw, flip)
            grid_h = torch.arange(h, dtype=torch.float32).view(1, 1, h)
            grid_w = torch.arange(w, dtype=torch.float32).view(1, 1, w)
            ry = (1 - (torch.tensor(rows).view(b, h, 1) - grid_h).abs()).clamp_min(0)
            rx_t = (1 - (torch.tensor(cols).view(b, w, 1) - grid_w).abs()).clamp_min(0).transpose(1, 2)
            x = ry.unsqueeze(1).matmul(x).matmul(rx_t.unsqueeze(1))
        if self.jitter_prob > 0:
            bright, contr = [], []
            for _ in range(b):
                apply = rnd.random() < self.jitter_prob
                fb = 1 + (2 * rnd.random() - 1) * self.brightness
                fc = 1 + (2 * rnd.random() - 1) * self.contrast
                rnd.random(); rnd.random()  # saturation and hue draws (RGB only)
                bright.append(max(fb, 0) if apply else 1.0)
                contr.append(max(fc, 0) if apply else 1.0)
            fb = torch.tensor(bright).view(b, 1, 1, 1)
            fc = torch.tensor(contr).view(b, 1, 1, 1)
            x = (x * fb).clamp(0, 1)
            m = x.reshape(b, -1).mean(1).view(b, 1, 1, 1)
            x = (x * fc + m * (1 - fc)).clamp(0, 1)
        return (x - self.mean) / self.std


def nt_xent(z1, z2, t):
    n = z1.shape[0]
    z = torch.cat([F.normalize(z1, dim=1), F.normalize(z2, dim=1)])
    logits = z.matmul(z.t()).div_(t)
    logits = logits + torch.eye(2 * n) * -1e9
    index = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).view(-1, 1)
    return -logits.log_softmax(1).gather(1, index).mean()


class MomentumOptimizer:
    """SGD (PyTorch rule) or LARS (solo-learn rule) written per parameter, as the Java optimizers."""

    def __init__(self, params, momentum, wd, lars_eta=None):
        self.params = [p for p in params if p.requires_grad]
        self.bufs = [torch.zeros_like(p) for p in self.params]
        self.momentum, self.wd, self.eta = momentum, wd, lars_eta

    @torch.no_grad()
    def step(self, lr):
        for p, buf in zip(self.params, self.bufs):
            g = p.grad
            if p.ndim > 1:
                g = g + self.wd * p
                if self.eta is not None:
                    pn, gn = p.norm(), g.norm()
                    ratio = self.eta * pn / gn
                    g = g * torch.where((pn > 0) & (gn > 0), ratio, torch.ones_like(ratio))
            buf.mul_(self.momentum).add_(g)
            p.sub_(buf * lr)
            p.grad.zero_()


def main():
    method, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    images = torch.from_numpy(read_idx("train-images-idx3-ubyte.gz", 16).copy()).view(-1, 1, 28, 28)
    labels = torch.from_numpy(read_idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    unit = images.float() / 255
    mean, std = unit.mean().item(), unit.std().item()
    encoder = convnet_s()
    if method == "simclr":
        head = nn.Sequential(nn.Linear(128, 512, bias=False), nn.BatchNorm1d(512), nn.ReLU(), nn.Linear(512, 128))
        augment = [ViewAugmenter(0.08, 0.5, 0.8, 0.4, 0.4, mean, std) for _ in range(2)]
        optimizer = MomentumOptimizer(list(encoder.parameters()) + list(head.parameters()), 0.9, 1e-5, 0.02)
        lr = 0.4
    elif method == "supervised":
        head = nn.Linear(128, 10)
        augment = [ViewAugmenter(0.6, 0.5, 0, 0, 0, mean, std)]
        optimizer = MomentumOptimizer(list(encoder.parameters()) + list(head.parameters()), 0.9, 5e-4)
        lr = 0.1
    else:
        raise SystemExit("the PyTorch twin implements simclr and supervised; got " + method)
    batch = 256
    measured = 0.0
    augment_time = 0.0
    for epoch in range(2):
        order = torch.randperm(images.shape[0])
        for step in range(steps):
            start = time.perf_counter()
            idx = order[step * batch:(step + 1) * batch]
            raw, y = images[idx], labels[idx]
            rnd = random.Random(epoch * 100003 + step)
            views = [a(raw, rnd) for a in augment]
            augmented = time.perf_counter()
            if method == "simclr":
                loss = nt_xent(head(encoder(views[0])), head(encoder(views[1])), 0.2)
            else:
                loss = F.cross_entropy(head(encoder(views[0])), y)
            loss.backward()
            optimizer.step(lr)
            loss.item()
            if epoch == 1:
                measured += time.perf_counter() - start
                augment_time += augmented - start
    print(json.dumps({"impl": "pytorch", "method": method, "steps": steps, "threads": threads,
                      "torch": torch.__version__, "images_per_sec": round(steps * batch / measured, 1),
                      "augment_share": round(augment_time / measured, 4)}))


if __name__ == "__main__":
    main()
