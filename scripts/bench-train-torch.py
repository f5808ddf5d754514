#!/usr/bin/env python3
# PyTorch CPU reference of the DINO training step that scripts/bench-train.ts times (Caron et al. 2021,
# facebookresearch/dino `main_dino.py`; KoLeo as DINOv2): same ViT, crops, head, loss, AdamW, EMA and centring.
#
# Usage: /usr/bin/python3 scripts/bench-train-torch.py --config '<json>' [--steps 6] [--warmup 2] [--threads 2]
# The config (ViT dims, crops, batch, head, optimiser, FLOPs per step) is written by bench-train.ts from
# dsl/presets.ts and dsl/defaults.ts, so both sides time the same configuration. Prints one JSON line:
# {preset, imagesPerSec, secPerStep, gflops (achieved GFLOP/s), ...}. Nothing is downloaded.
#
# Deliberate deviations, none of which changes the arithmetic in a measurable way: crops are resampled with
# grid_sample (bilinear, border clamp) instead of our per-pixel loop; DINO's MultiCropWrapper runs the backbone
# once per crop size where ours stacks both sizes into one token matrix; the lr/momentum/temperature schedules are
# held at their start values (schedules cost nothing).
import argparse
import json
import math
import random
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


# ---------------------------------------------------------------------------------------------- model
class Block(nn.Module):
    """Pre-norm transformer block (timm ViT): LN → MHSA → residual, LN → GELU MLP → residual."""

    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.heads = heads
        self.norm1 = nn.LayerNorm(dim, eps=1e-6)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.norm2 = nn.LayerNorm(dim, eps=1e-6)
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        b, n, d = x.shape
        dh = d // self.heads
        qkv = self.qkv(self.norm1(x)).reshape(b, n, 3, self.heads, dh).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * dh ** -0.5).softmax(dim=-1)
        x = x + self.proj((attn @ v).transpose(1, 2).reshape(b, n, d))
        # tanh GELU, as runtime/model/gelu.ts
        return x + self.fc2(F.gelu(self.fc1(self.norm2(x)), approximate='tanh'))


class VisionTransformer(nn.Module):
    """Grayscale ViT: conv patch embedding, CLS token, learnt positions (bilinear-resampled), CLS features."""

    def __init__(self, c):
        super().__init__()
        self.patch = c['patchSize']
        self.grid = c['imageSize'] // self.patch
        self.norm_in = (c['inputNorm']['mean'], c['inputNorm']['std'])
        dim = c['dim']
        self.patch_embed = nn.Conv2d(1, dim, self.patch, stride=self.patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(torch.randn(1, 1 + self.grid ** 2, dim) * 0.02)
        hidden = round(dim * c['mlpRatio'])
        self.blocks = nn.ModuleList(Block(dim, c['heads'], hidden) for _ in range(c['depth']))
        self.norm = nn.LayerNorm(dim, eps=1e-6)

    def positions(self, grid):
        if grid == self.grid:
            return self.pos_embed
        d = self.pos_embed.shape[-1]
        patch = self.pos_embed[:, 1:].reshape(1, self.grid, self.grid, d).permute(0, 3, 1, 2)
        patch = F.interpolate(patch, size=(grid, grid), mode='bilinear', align_corners=False)
        return torch.cat([self.pos_embed[:, :1], patch.permute(0, 2, 3, 1).reshape(1, grid * grid, d)], dim=1)

    def forward(self, images):
        x = (images.unsqueeze(1) - self.norm_in[0]) / self.norm_in[1]
        x = self.patch_embed(x).flatten(2).transpose(1, 2)
        grid = images.shape[-1] // self.patch
        x = torch.cat([self.cls_token.expand(x.shape[0], -1, -1), x], dim=1) + self.positions(grid)
        for block in self.blocks:
            x = block(x)
        return self.norm(x[:, 0])


class DinoHead(nn.Module):
    """DINO `DINOHead`: 3-layer GELU MLP, L2 norm, weight-normalised prototypes with g fixed to 1."""

    def __init__(self, in_dim, h):
        super().__init__()
        self.mlp = nn.Sequential(
            nn.Linear(in_dim, h['hiddenDim']), nn.GELU(approximate='tanh'),
            nn.Linear(h['hiddenDim'], h['hiddenDim']), nn.GELU(approximate='tanh'),
            nn.Linear(h['hiddenDim'], h['bottleneckDim']),
        )
        self.last_layer = nn.Linear(h['bottleneckDim'], h['outDim'], bias=False)

    def forward(self, x):
        x = F.normalize(self.mlp(x), dim=-1)
        return F.linear(x, F.normalize(self.last_layer.weight, dim=1))


class MultiCrop(nn.Module):
    """DINO `MultiCropWrapper`: one backbone pass per crop size, the head once on the concatenated CLS rows."""

    def __init__(self, backbone, head):
        super().__init__()
        self.backbone = backbone
        self.head = head

    def forward(self, crops):
        features = torch.cat([self.backbone(c) for c in crops])
        return features, self.head(features)


# ---------------------------------------------------------------------------------------------- loss
def dino_loss(student, teacher, center, s_temp, t_temp, global_views, views):
    """Cross-entropy of each centred, sharpened teacher view against every other student view (DINOLoss)."""
    teacher_probs = F.softmax((teacher - center) / t_temp, dim=-1).chunk(global_views)
    student_logp = F.log_softmax(student / s_temp, dim=-1).chunk(views)
    total, pairs = 0.0, 0
    for u, q in enumerate(teacher_probs):
        for v in range(views):
            if v == u:
                continue
            total = total + torch.sum(-q * student_logp[v], dim=-1).mean()
            pairs += 1
    return total / pairs


def koleo(x, eps=1e-8):
    """DINOv2 `KoLeoLoss`: −mean log distance of each L2-normalised row to its nearest other row."""
    z = F.normalize(x, eps=eps, dim=-1)
    with torch.no_grad():
        dots = z @ z.t()
        dots.view(-1)[:: z.shape[0] + 1].fill_(-1)
        nearest = dots.argmax(dim=1)
    return -torch.log(F.pairwise_distance(z, z[nearest], p=2, eps=eps) + eps).mean()


def koleo_term(global_features, global_views, batch):
    """KoLeo per global view within each half of the batch (DINOv2's per-GPU groups, as koleoShardLoss)."""
    half = math.ceil(batch / 2)
    groups = [(s, min(batch, s + half)) for s in range(0, batch, half)]
    total = 0.0
    for view in global_features.chunk(global_views):
        for start, end in groups:
            if end - start >= 2:
                total = total + koleo(view[start:end]) * ((end - start) / batch)
    return total


# ---------------------------------------------------------------------------------------------- augmentation
def sample_box(rnd, size, scale):
    """torchvision RandomResizedCrop.get_params on a square image."""
    area = size * size
    for _ in range(10):
        target = area * rnd.uniform(*scale)
        aspect = math.exp(rnd.uniform(math.log(3 / 4), math.log(4 / 3)))
        w = round(math.sqrt(target * aspect))
        h = round(math.sqrt(target / aspect))
        if 0 < w <= size and 0 < h <= size:
            return rnd.randint(0, size - h), rnd.randint(0, size - w), h, w
    return 0, 0, size, size


def gaussian_blur(x, sigmas):
    """Separable Gaussian blur of [N, S, S] with one sigma per crop (0 = untouched), edge-replicated."""
    radius = max(1, max(math.ceil(3 * s) for s in sigmas))
    offsets = torch.arange(-radius, radius + 1, dtype=torch.float32)
    s = torch.tensor(sigmas, dtype=torch.float32).clamp_min(1e-3).unsqueeze(1)
    taps = torch.exp(-offsets ** 2 / (2 * s ** 2))
    taps = taps / taps.sum(dim=1, keepdim=True)
    n = x.shape[0]
    y = F.pad(x.unsqueeze(0), (radius, radius, radius, radius), mode='replicate')
    y = F.conv2d(y, taps.view(n, 1, 1, -1), groups=n)
    y = F.conv2d(y, taps.view(n, 1, -1, 1), groups=n)
    return torch.where(torch.tensor([v > 0 for v in sigmas]).view(n, 1, 1), y[0], x)


def plan_crop(rnd, size, crop, blur_p, solarize_p, blur_reference):
    """Every random decision of one crop, in the order of augment.ts's planCrop."""
    top, left, h, w = sample_box(rnd, size, crop['scale'])
    flip = rnd.random() < 0.5
    jitter = (rnd.uniform(0.6, 1.4), rnd.uniform(0.6, 1.4), rnd.random() < 0.5) if rnd.random() < 0.8 else (1.0, 1.0, True)
    gamma = math.exp(rnd.uniform(math.log(0.7), math.log(1.5))) if rnd.random() < 0.5 else 1.0
    sigma = rnd.uniform(0.1, 2.0) * crop['size'] / blur_reference if rnd.random() < blur_p else 0.0
    return (top, left, h, w, flip), jitter, gamma, sigma, rnd.random() < solarize_p


def crop_view(images, rnd, crop, blur_p, solarize_p, blur_reference):
    """One view of every image: random resized crop + flip, brightness/contrast, gamma, blur, solarisation."""
    n, size, out = images.shape[0], images.shape[-1], crop['size']
    plans = [plan_crop(rnd, size, crop, blur_p, solarize_p, blur_reference) for _ in range(n)]
    # box (top, left, h, w) as an affine map of normalised output to input coordinates (align_corners=False)
    theta = torch.tensor([
        [[(-w if flip else w) / size, 0.0, (w + 2 * left) / size - 1], [0.0, h / size, (h + 2 * top) / size - 1]]
        for (top, left, h, w, flip), *_ in plans
    ])
    grid = F.affine_grid(theta, [n, 1, out, out], align_corners=False)
    x = F.grid_sample(images.unsqueeze(1), grid, mode='bilinear', padding_mode='border', align_corners=False)[:, 0]
    column = lambda values: torch.tensor(values).view(n, 1, 1)
    brightness, contrast, brightness_first = (column([p[1][k] for p in plans]) for k in range(3))
    mean = lambda t: t.mean(dim=(1, 2), keepdim=True)
    bright = (x * brightness).clamp(0, 1)
    b_then_c = ((bright - mean(bright)) * contrast + mean(bright)).clamp(0, 1)
    c_then_b = (((x - mean(x)) * contrast + mean(x)).clamp(0, 1) * brightness).clamp(0, 1)
    x = torch.where(brightness_first, b_then_c, c_then_b).clamp_min(0) ** column([p[2] for p in plans])
    x = gaussian_blur(x, [p[3] for p in plans])
    return torch.where(column([p[4] for p in plans]) & (x >= 128 / 255), 1 - x, x)


def multi_crop(images, rnd, crops):
    """[global views stacked view-major], [local views stacked view-major], with DINO's per-view policies."""
    g, l = crops['global'], crops['local']
    globals_ = [crop_view(images, rnd, g, 1.0, 0.0, 224)] + [crop_view(images, rnd, g, 0.1, 0.2, 224) for _ in range(g['count'] - 1)]
    locals_ = [crop_view(images, rnd, l, 0.5, 0.0, 96) for _ in range(l['count'])]
    return torch.cat(globals_), (torch.cat(locals_) if locals_ else None)


def synthetic_images(count, size, gen):
    """Smooth random blobs on grey, as bench-train.ts's synthetic images (content does not affect timing)."""
    coords = torch.arange(size, dtype=torch.float32)
    yy, xx = coords.view(1, size, 1), coords.view(1, 1, size)
    img = torch.full((count, size, size), 0.4)
    for _ in range(4):
        cx, cy = (torch.rand(count, 1, 1, generator=gen) * size for _ in range(2))
        r = 3 + torch.rand(count, 1, 1, generator=gen) * (size / 3 - 3)
        a = (torch.rand(count, 1, 1, generator=gen) - 0.5) * 0.8
        img = img + a * torch.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
    return (img + torch.randn(count, size, size, generator=gen) * 0.02).clamp(0, 1)


# ---------------------------------------------------------------------------------------------- training step
def param_groups(model):
    """DINO `get_params_groups`: no weight decay on biases and 1-D parameters (plus CLS token and positions)."""
    decay, no_decay = [], []
    for name, p in model.named_parameters():
        skip = name.endswith('.bias') or p.ndim == 1 or name.endswith('cls_token') or name.endswith('pos_embed')
        (no_decay if skip else decay).append(p)
    return [{'params': decay}, {'params': no_decay, 'weight_decay': 0.0}]


class DinoTrainer:
    def __init__(self, c):
        self.c = c
        backbone = VisionTransformer(c)
        self.student = MultiCrop(backbone, DinoHead(c['dim'], c['head']))
        self.teacher = MultiCrop(VisionTransformer(c), DinoHead(c['dim'], c['head']))
        self.teacher.load_state_dict(self.student.state_dict())
        for p in self.teacher.parameters():
            p.requires_grad = False
        opt = c['optimizer']
        self.optimizer = torch.optim.AdamW(param_groups(self.student), lr=opt['lr'], weight_decay=opt['weightDecay'])
        self.center = torch.zeros(1, c['head']['outDim'])

    def crops(self, images, rnd):
        with torch.no_grad():
            return multi_crop(images, rnd, self.c['crops'])

    def prime_center(self, images, rnd):
        """Centre at the first batch's teacher mean (orthobench's deviation from DINO's zero start)."""
        globals_, _ = self.crops(images, rnd)
        with torch.no_grad():
            self.center = self.teacher([globals_])[1].mean(dim=0, keepdim=True)

    def step(self, images, rnd, step):
        c = self.c
        g, l = c['crops']['global']['count'], c['crops']['local']['count']
        batch = images.shape[0]
        globals_, locals_ = self.crops(images, rnd)
        with torch.no_grad():
            teacher_out = self.teacher([globals_])[1]
        features, student_out = self.student([globals_] + ([locals_] if locals_ is not None else []))
        loss = dino_loss(student_out, teacher_out, self.center, c['studentTemperature'], c['teacherTemperature'], g, g + l)
        if c['koleoWeight'] > 0:
            loss = loss + c['koleoWeight'] * koleo_term(features[: g * batch], g, batch)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        clip = c['optimizer']['clipGrad']
        if clip > 0:  # DINO utils.clip_gradients: per-tensor norm limit
            for p in self.student.parameters():
                if p.grad is not None:
                    coef = clip / (p.grad.norm(2) + 1e-6)
                    if coef < 1:
                        p.grad.mul_(coef)
        if step < c['frozenLastLayerSteps']:  # DINO cancel_gradients_last_layer
            self.student.head.last_layer.weight.grad = None
        self.optimizer.step()
        with torch.no_grad():
            m = c['emaMomentum']
            for ps, pt in zip(self.student.parameters(), self.teacher.parameters()):
                pt.mul_(m).add_((1 - m) * ps.detach())
            self.center = self.center * c['centerMomentum'] + teacher_out.mean(dim=0, keepdim=True) * (1 - c['centerMomentum'])
        return loss.item()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--config', required=True, help='JSON written by scripts/bench-train.ts')
    parser.add_argument('--steps', type=int, default=6)
    parser.add_argument('--warmup', type=int, default=2)
    parser.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    c = json.loads(args.config)
    if c.get('registers', 0) or c.get('layerScale', 0) or c.get('dropPath', 0) or c.get('inChannels', 1) != 1:
        raise SystemExit('bench-train-torch.py models the default backbone only (no registers, LayerScale, drop path; 1 channel)')
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1)
    rnd = random.Random(2)
    images = synthetic_images(c['images'], c['imageSize'], gen)
    trainer = DinoTrainer(c)
    batch = c['batchSize']

    def next_batch():
        return images[torch.randint(0, images.shape[0], (batch,), generator=gen)]

    trainer.prime_center(next_batch(), rnd)
    times, losses = [], []
    for step in range(args.warmup + args.steps):
        started = time.perf_counter()
        losses.append(trainer.step(next_batch(), rnd, step))
        if step >= args.warmup:
            times.append(time.perf_counter() - started)
    sec = sum(times) / len(times)
    print(json.dumps({
        'preset': c['preset'], 'imagesPerSec': batch / sec, 'secPerStep': sec,
        'gflops': c['flopsPerStep'] / 1e9 / sec, 'gflopPerStep': c['flopsPerStep'] / 1e9,
        'stepTimes': times, 'losses': losses, 'threads': torch.get_num_threads(), 'torch': torch.__version__,
    }))


if __name__ == '__main__':
    main()
