"""PyTorch-eager twin of ThroughputBench.java: for each method, the same model (convnet-s and the
method's heads, as in runner/.../method/), the same loss, the same optimizer update rule and the same
batched augmentation (same algorithms and tensor operations) as the runner, on the bundled
Fashion-MNIST sample, batch 256, with each method's default hyperparameters (Method.java).

Usage: python3 torch_throughput.py METHOD STEPS THREADS
Epoch 1 (STEPS steps) warms up, epoch 2 (STEPS steps) is measured. Prints one JSON line.
The twins follow the Java method classes as of this commit; if a method class changes shape (heads,
loss), change its twin here too, or the ratio compares different work.
"""
import copy
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

SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "sample-data", "src", "main",
                      "resources", "dev", "umbra", "sample", "fashion-mnist-sample")
BATCH = 256


def read_idx(name, offset):
    with gzip.open(os.path.join(SAMPLE, name)) as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


# --- networks (nn/ConvNetS, nn/MlpHead, method/PixelDecoder) ---------------------------------------

def conv_bn_relu(cin, cout, stride):
    return [nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]


class Encoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(*conv_bn_relu(1, 32, 1), *conv_bn_relu(32, 64, 2), *conv_bn_relu(64, 128, 2))

    def feature_map(self, x):
        return self.trunk(x)

    def forward(self, x):
        m = self.trunk(x)
        return m.reshape(m.shape[0], m.shape[1], -1).mean(2)


def mlp(inp, hidden, out, hidden_bn=True, last_bn=False, last_affine=True, last_bias=True):
    layers = []
    for h in hidden:
        layers.append(nn.Linear(inp, h, bias=not hidden_bn))
        if hidden_bn:
            layers.append(nn.BatchNorm1d(h))
        layers.append(nn.ReLU())
        inp = h
    layers.append(nn.Linear(inp, out, bias=last_bias and not last_bn))
    if last_bn:
        layers.append(nn.BatchNorm1d(out, affine=last_affine))
    return nn.Sequential(*layers)


class Upsample2(nn.Module):
    def forward(self, x):
        return x.repeat_interleave(2, 2).repeat_interleave(2, 3)


def pixel_decoder(channels=128, side=7, image_side=28):
    # method/PixelDecoder: a 1x1 conv-BN-ReLU to channels / 4, then per stage upsample + 3x3
    # conv-BN-ReLU halving the channels (at least 16), then a 3x3 convolution with bias to 16 channels,
    # of which the first is the pixels (the runner's way round a oneDNN fault with fewer filters).
    width = max(16, channels // 4)
    layers = [nn.Conv2d(channels, width, 1, 1, 0, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
    while side < image_side:
        out = max(16, width // 2)
        layers += [Upsample2(), *conv_bn_relu(width, out, 1)]
        width, side = out, side * 2
    layers += [nn.Conv2d(width, 16, 3, 1, 1), FirstChannel()]
    return nn.Sequential(*layers)


class FirstChannel(nn.Module):
    def forward(self, x):
        return x[:, :1]


def frozen_copy(module):
    twin = copy.deepcopy(module)
    for p in twin.parameters():
        p.requires_grad_(False)
    return twin


@torch.no_grad()
def ema(target, online, m):
    for t, o in zip(target.parameters(), online.parameters()):
        t.mul_(m).add_(o * (1 - m))


def momentum_at(base, final, progress):
    return final - (final - base) * (math.cos(math.pi * progress) + 1) / 2


# --- augmentation (augment/ResizedCropFlip, ColorJitter, Solarize, Normalization) -------------------

class ViewAugmenter:
    def __init__(self, mean, std, scale_min=1.0, flip=0.0, jitter=0.0, brightness=0.0, contrast=0.0, solarize=0.0):
        self.mean, self.std = mean, std
        self.scale_min, self.flip = scale_min, flip
        self.jitter, self.brightness, self.contrast = jitter, brightness, contrast
        self.solarize = solarize

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
        if self.scale_min < 1 or self.flip > 0:
            rows, cols = [], []
            for _ in range(b):
                y0, x0, ch, cw = self.box(rnd, h, w)
                flip = rnd.random() < self.flip
                rows += self.coords(h, y0, ch, False)
                cols += self.coords(w, x0, cw, flip)
            grid_h = torch.arange(h, dtype=torch.float32).view(1, 1, h)
            grid_w = torch.arange(w, dtype=torch.float32).view(1, 1, w)
            ry = (1 - (torch.tensor(rows).view(b, h, 1) - grid_h).abs()).clamp_min(0)
            rx_t = (1 - (torch.tensor(cols).view(b, w, 1) - grid_w).abs()).clamp_min(0).transpose(1, 2)
            x = ry.unsqueeze(1).matmul(x).matmul(rx_t.unsqueeze(1))
        if self.jitter > 0:
            bright, contr = [], []
            for _ in range(b):
                apply = rnd.random() < self.jitter
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
        if self.solarize > 0:
            m = torch.tensor([1.0 if rnd.random() < self.solarize else 0.0 for _ in range(b)]).view(b, 1, 1, 1)
            flip = (x >= 0.5).float() * m
            x = x + flip * (1 - 2 * x)
        return (x - self.mean) / self.std


def recipe(name, mean, std):
    strong = dict(scale_min=0.08, flip=0.5, jitter=0.8, brightness=0.4, contrast=0.4)
    if name == "simclr":
        return [ViewAugmenter(mean, std, **strong), ViewAugmenter(mean, std, **strong)]
    if name == "byol-asymmetric":
        return [ViewAugmenter(mean, std, **strong), ViewAugmenter(mean, std, solarize=0.2, **strong)]
    if name == "vicreg":
        return [ViewAugmenter(mean, std, **strong), ViewAugmenter(mean, std, solarize=0.1, **strong)]
    if name == "weak":
        return [ViewAugmenter(mean, std, scale_min=0.6, flip=0.5)]
    raise ValueError(name)


# --- losses (loss/) --------------------------------------------------------------------------------

def nt_xent(z1, z2, t):
    n = z1.shape[0]
    z = torch.cat([F.normalize(z1, dim=1), F.normalize(z2, dim=1)])
    logits = z.matmul(z.t()).div_(t)
    logits = logits + torch.eye(2 * n) * -1e9
    index = torch.cat([torch.arange(n, 2 * n), torch.arange(0, n)]).view(-1, 1)
    return -logits.log_softmax(1).gather(1, index).mean()


def info_nce(q, k, queue, t):
    q = F.normalize(q, dim=1)
    k = F.normalize(k.detach(), dim=1)
    logits = torch.cat([(q * k).sum(1, keepdim=True), q.matmul(queue.t())], 1) / t
    return -logits.log_softmax(1)[:, 0].mean()


def mean_cosine(p, z):
    return (F.normalize(p, dim=1) * F.normalize(z.detach(), dim=1)).sum(1).mean()


def barlow(z1, z2, lam, scale):
    def standardize(z):
        c = z - z.mean(0, keepdim=True)
        return c / (c.square().mean(0, keepdim=True) + 1e-5).sqrt()
    c = standardize(z1).t().matmul(standardize(z2)) / z1.shape[0]
    d = c.diagonal()
    return ((d - 1).square().sum() + (c.square().sum() - d.square().sum()) * lam) * scale


def vicreg(z1, z2, sim, var, cov):
    def centred(z):
        return z - z.mean(0, keepdim=True)

    def hinge(z):
        return (1 - (centred(z).square().sum(0) / (z.shape[0] - 1) + 1e-4).sqrt()).clamp_min(0).mean()

    def off_cov(z):
        c = centred(z)
        m = c.t().matmul(c) / (z.shape[0] - 1)
        return (m.square().sum() - m.diagonal().square().sum()) / z.shape[1]
    return (z1 - z2).square().mean() * sim + (hinge(z1) + hinge(z2)) * var + (off_cov(z1) + off_cov(z2)) * cov


def sinkhorn(scores, iterations, eps):
    b, k = scores.shape
    s = scores.detach()
    q = ((s - s.max()) / eps).exp()
    q = q / q.sum()
    for _ in range(iterations):
        q = q / q.sum(0, keepdim=True) / k
        q = q / q.sum(1, keepdim=True) / b
    return q * b


def soft_ce(target, logits, t):
    return -(target.detach() * (logits / t).log_softmax(1)).sum(1).mean()


def patchify(x, p):
    n, c, h, w = x.shape
    return x.reshape(n, c, h // p, p, w // p, p).permute(0, 2, 4, 3, 5, 1).reshape(n, (h // p) * (w // p), p * p * c)


# --- optimizers (train/Sgd, Lars, Adam) ------------------------------------------------------------

class Optimizer:
    def __init__(self, params, kind, wd, momentum=0.9, eta=0.02, betas=(0.9, 0.999)):
        self.params = [p for p in params if p.requires_grad]
        self.kind, self.wd, self.momentum, self.eta, self.betas = kind, wd, momentum, eta, betas
        self.s1 = [torch.zeros_like(p) for p in self.params]
        self.s2 = [torch.zeros_like(p) for p in self.params] if kind == "adamw" else None
        self.t = 0

    @torch.no_grad()
    def step(self, lr):
        self.t += 1
        for i, p in enumerate(self.params):
            g = p.grad if p.grad is not None else torch.zeros_like(p)
            decayed = p.ndim > 1
            if self.kind == "adamw":
                if decayed:
                    p.mul_(1 - lr * self.wd)
                b1, b2 = self.betas
                m = self.s1[i].mul_(b1).add_(g * (1 - b1))
                v = self.s2[i].mul_(b2).add_(g.square().mul_(1 - b2))
                denominator = v.sqrt().div_(math.sqrt(1 - b2 ** self.t)).add_(1e-8)
                p.sub_(m.div(denominator).mul_(lr / (1 - b1 ** self.t)))
            else:
                if decayed:
                    g = g + self.wd * p
                    if self.kind == "lars":
                        pn, gn = p.norm(), g.norm()
                        ratio = pn * self.eta / gn
                        g = g * torch.where((pn > 0) & (gn > 0), ratio, torch.ones_like(ratio))
                self.s1[i].mul_(self.momentum).add_(g)
                p.sub_(self.s1[i] * lr)
            if p.grad is not None:
                p.grad.zero_()


# --- methods (method/) -----------------------------------------------------------------------------

class Method:
    """One method's modules, loss and after-update work; `trained` lists what the optimizer updates."""
    views = 2

    def after_update(self, progress):
        pass


class SimClr(Method):
    recipe, optimizer, lr, wd = "simclr", "lars", 0.4, 1e-5

    def __init__(self, enc):
        self.enc, self.proj = enc, mlp(128, [512], 128)
        self.trained = [enc, self.proj]

    def loss(self, v, y, rnd):
        return nt_xent(self.proj(self.enc(v[0])), self.proj(self.enc(v[1])), 0.2)


class MocoV2(Method):
    recipe, optimizer, lr, wd = "simclr", "sgd", 0.3, 1e-4

    def __init__(self, enc):
        self.enc, self.proj = enc, mlp(128, [512], 128, hidden_bn=False)
        self.menc, self.mproj = frozen_copy(enc), frozen_copy(self.proj)
        self.queue = F.normalize(torch.randn(4096, 128), dim=1)
        self.trained = [enc, self.proj]
        self.keys, self.step = None, 0

    def loss(self, v, y, rnd):
        q1, q2 = self.proj(self.enc(v[0])), self.proj(self.enc(v[1]))
        k1, k2 = self.mproj(self.menc(v[0])).detach(), self.mproj(self.menc(v[1])).detach()
        self.keys = F.normalize(torch.cat([k1, k2]), dim=1)
        return (info_nce(q1, k2, self.queue, 0.2) + info_nce(q2, k1, self.queue, 0.2)) / 2

    def after_update(self, progress):
        m = momentum_at(0.99, 0.999, progress)
        ema(self.menc, self.enc, m)
        ema(self.mproj, self.proj, m)
        n, size = self.keys.shape[0], self.queue.shape[0]
        start = (self.step * n) % size
        first = min(n, size - start)
        self.queue[start:start + first] = self.keys[:first]
        if first < n:
            self.queue[:n - first] = self.keys[first:]
        self.step += 1


class Byol(Method):
    recipe, optimizer, lr, wd = "byol-asymmetric", "lars", 1.0, 1e-5

    def __init__(self, enc):
        self.enc, self.proj, self.pred = enc, mlp(128, [1024], 256), mlp(256, [1024], 256)
        self.tenc, self.tproj = frozen_copy(enc), frozen_copy(self.proj)
        self.trained = [enc, self.proj, self.pred]

    def loss(self, v, y, rnd):
        p1, p2 = self.pred(self.proj(self.enc(v[0]))), self.pred(self.proj(self.enc(v[1])))
        z1, z2 = self.tproj(self.tenc(v[0])), self.tproj(self.tenc(v[1]))
        return (2 - 2 * mean_cosine(p1, z2)) + (2 - 2 * mean_cosine(p2, z1))

    def after_update(self, progress):
        m = momentum_at(0.99, 1.0, progress)
        ema(self.tenc, self.enc, m)
        ema(self.tproj, self.proj, m)


class SimSiam(Method):
    recipe, optimizer, lr, wd = "simclr", "sgd", 0.5, 1e-5

    def __init__(self, enc):
        self.enc = enc
        self.proj = mlp(128, [512, 512], 512, last_bn=True, last_affine=False)
        self.pred = mlp(512, [128], 512)
        self.trained = [enc, self.proj, self.pred]

    def loss(self, v, y, rnd):
        z1, z2 = self.proj(self.enc(v[0])), self.proj(self.enc(v[1]))
        return -(mean_cosine(self.pred(z1), z2) + mean_cosine(self.pred(z2), z1)) / 2


class BarlowTwins(Method):
    recipe, optimizer, lr, wd = "byol-asymmetric", "lars", 0.3, 1e-4

    def __init__(self, enc):
        self.enc, self.proj = enc, mlp(128, [1024, 1024], 1024)
        self.trained = [enc, self.proj]

    def loss(self, v, y, rnd):
        return barlow(self.proj(self.enc(v[0])), self.proj(self.enc(v[1])), 0.0051, 0.1)


class VicReg(Method):
    recipe, optimizer, lr, wd = "vicreg", "lars", 0.3, 1e-4

    def __init__(self, enc):
        self.enc, self.proj = enc, mlp(128, [1024, 1024], 1024)
        self.trained = [enc, self.proj]

    def loss(self, v, y, rnd):
        return vicreg(self.proj(self.enc(v[0])), self.proj(self.enc(v[1])), 25, 25, 1)


class Swav(Method):
    recipe, optimizer, lr, wd = "simclr", "lars", 0.6, 1e-6

    def __init__(self, enc):
        self.enc, self.proj, self.protos = enc, mlp(128, [512], 128), nn.Linear(128, 100, bias=False)
        self.trained = [enc, self.proj, self.protos]

    def loss(self, v, y, rnd):
        with torch.no_grad():
            self.protos.weight.copy_(F.normalize(self.protos.weight, dim=1))
        w = self.protos.weight  # the measured epoch is past freeze_prototypes_epochs (1)
        s1 = F.normalize(self.proj(self.enc(v[0])), dim=1).matmul(w.t())
        s2 = F.normalize(self.proj(self.enc(v[1])), dim=1).matmul(w.t())
        q1, q2 = sinkhorn(s1, 3, 0.05), sinkhorn(s2, 3, 0.05)
        return (soft_ce(q1, s2, 0.1) + soft_ce(q2, s1, 0.1)) / 2


class Dino(Method):
    recipe, optimizer, lr, wd = "byol-asymmetric", "lars", 0.3, 1e-6

    def __init__(self, enc):
        self.enc = enc
        self.head = mlp(128, [512, 512], 128, hidden_bn=False)
        self.protos = nn.Linear(128, 1024, bias=False)
        self.tenc, self.thead, self.tprotos = frozen_copy(enc), frozen_copy(self.head), frozen_copy(self.protos)
        self.center = torch.zeros(1, 1024)
        self.trained = [enc, self.head, self.protos]
        self.pending = None

    @staticmethod
    def logits(features, head, protos):
        return F.normalize(head(features), dim=1).matmul(F.normalize(protos.weight, dim=1).t())

    def loss(self, v, y, rnd):
        s1 = self.logits(self.enc(v[0]), self.head, self.protos)
        s2 = self.logits(self.enc(v[1]), self.head, self.protos)
        t1 = self.logits(self.tenc(v[0]), self.thead, self.tprotos)
        t2 = self.logits(self.tenc(v[1]), self.thead, self.tprotos)
        self.pending = (t1.detach(), t2.detach())
        p1 = ((t1.detach() - self.center) / 0.04).softmax(1)
        p2 = ((t2.detach() - self.center) / 0.04).softmax(1)
        return (soft_ce(p1, s2, 0.1) + soft_ce(p2, s1, 0.1)) / 2

    def after_update(self, progress):
        m = momentum_at(0.99, 1.0, progress)
        ema(self.tenc, self.enc, m)
        ema(self.thead, self.head, m)
        ema(self.tprotos, self.protos, m)
        self.center = self.center * 0.9 + torch.cat(self.pending).mean(0, keepdim=True) * 0.1


class Dae(Method):
    recipe, optimizer, lr, wd, views = "weak", "adamw", 1e-3, 1e-4, 1

    def __init__(self, enc):
        self.enc, self.dec = enc, pixel_decoder()
        self.trained = [enc, self.dec]

    def loss(self, v, y, rnd):
        clean = v[0]
        noisy = clean + torch.randn_like(clean) * 0.5
        return (self.dec(self.enc.feature_map(noisy)) - clean.detach()).square().mean()


class Mae(Method):
    recipe, optimizer, lr, wd, views = "weak", "adamw", 1e-3, 0.05, 1

    def __init__(self, enc):
        self.enc, self.dec = enc, pixel_decoder()
        self.trained = [enc, self.dec]

    def loss(self, v, y, rnd):
        images = v[0]
        b, patches, masked = images.shape[0], 49, round(49 * 0.75)
        mask = torch.zeros(b, patches)
        for i in range(b):
            order = list(range(patches))
            for k in range(masked):
                j = k + rnd.randrange(patches - k)
                order[k], order[j] = order[j], order[k]
                mask[i, order[k]] = 1
        pixel_mask = mask.view(b, 1, 7, 7).repeat_interleave(4, 2).repeat_interleave(4, 3)
        out = self.dec(self.enc.feature_map(images * (1 - pixel_mask)))
        err = (patchify(out, 4) - patchify(images.detach(), 4)).square().mean(2)
        return (err * mask).sum() / mask.sum()


class Supervised(Method):
    recipe, optimizer, lr, wd, views = "weak", "sgd", 0.1, 5e-4, 1

    def __init__(self, enc):
        self.enc, self.cls = enc, nn.Linear(128, 10)
        self.trained = [enc, self.cls]

    def loss(self, v, y, rnd):
        return F.cross_entropy(self.cls(self.enc(v[0])), y)


METHODS = {"simclr": SimClr, "moco-v2": MocoV2, "byol": Byol, "simsiam": SimSiam, "barlow-twins": BarlowTwins,
           "vicreg": VicReg, "swav": Swav, "dino": Dino, "dae": Dae, "mae": Mae, "supervised": Supervised}


def main():
    name, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if name not in METHODS:
        raise SystemExit(f"no PyTorch twin for '{name}'; known: {', '.join(METHODS)}")
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(1)
    images = torch.from_numpy(read_idx("train-images-idx3-ubyte.gz", 16).copy()).view(-1, 1, 28, 28)
    labels = torch.from_numpy(read_idx("train-labels-idx1-ubyte.gz", 8).astype(np.int64))
    unit = images.float() / 255
    mean, std = unit.mean().item(), unit.std().item()
    method = METHODS[name](Encoder())
    augment = recipe(method.recipe, mean, std)[:method.views]
    params = [p for m in method.trained for p in m.parameters()]
    optimizer = Optimizer(params, method.optimizer, method.wd)
    for m in method.trained:
        m.train()
    total = 2 * steps
    measured = augment_time = 0.0
    for epoch in range(2):
        order = torch.randperm(images.shape[0])
        for step in range(steps):
            start = time.perf_counter()
            idx = order[step * BATCH:(step + 1) * BATCH]
            raw, y = images[idx], labels[idx]
            rnd = random.Random(epoch * 100003 + step)
            views = [a(raw, rnd) for a in augment]
            augmented = time.perf_counter()
            loss = method.loss(views, y, rnd)
            loss.backward()
            optimizer.step(method.lr)
            method.after_update((epoch * steps + step) / total)
            loss.item()
            if epoch == 1:
                measured += time.perf_counter() - start
                augment_time += augmented - start
    print(json.dumps({"impl": "pytorch", "method": name, "steps": steps, "threads": threads,
                      "torch": torch.__version__, "images_per_sec": round(steps * BATCH / measured, 1),
                      "augment_share": round(augment_time / measured, 4)}))


if __name__ == "__main__":
    main()
