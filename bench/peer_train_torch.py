#!/usr/bin/python3
"""The peer of bench_train: seed_pooling (resources/templates/seed_pooling.json) trained
with PyTorch on the CPU (or on CUDA with --device cuda, beside our engine on the same GPU), the same shapes, batch, optimizer and data size as our engine's
run, printing one JSON line: samples per second (median over timed windows) and peak
resident memory.

Needs Debian's python3-torch (apt-get install python3-torch); not part of CI.
Usage: bench/peer_train_torch.py [--batch 4] [--steps 6] [--warmup 2] [--threads N] [--device cpu|cuda]
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SeedPooling(nn.Module):
    """Strategy 1 of the seed, channels first: Conv3D(32) MaxPool3D(2) Conv3D(64)
    MaxPool3D(2) MaxPool3D(1,2,2) Reshape(2,16,1024) Conv2D(128) MaxPool2D(2) Conv2D(256)
    GlobalAveragePooling2D Dense(5). 3x3(x3) kernels with stride 1: Keras's 'same' pads one
    on each side, as padding=1 does."""

    def __init__(self):
        super().__init__()
        self.conv3d_1 = nn.Conv3d(1, 32, 3, padding=1)
        self.conv3d_2 = nn.Conv3d(32, 64, 3, padding=1)
        self.conv2d_1 = nn.Conv2d(1024, 128, 3, padding=1)
        self.conv2d_2 = nn.Conv2d(128, 256, 3, padding=1)
        self.dense_1 = nn.Linear(256, 5)

    def forward(self, x):  # x: N, 1, T, H, W
        x = F.max_pool3d(F.relu(self.conv3d_1(x)), 2)
        x = F.max_pool3d(F.relu(self.conv3d_2(x)), 2)
        x = F.max_pool3d(x, (1, 2, 2))                      # N, 64, 2, 16, 16
        x = x.permute(0, 2, 3, 4, 1).reshape(-1, 2, 16, 1024)  # Keras's channels-last Reshape
        x = x.permute(0, 3, 1, 2)                            # N, 1024, 2, 16
        x = F.max_pool2d(F.relu(self.conv2d_1(x)), 2)
        x = F.relu(self.conv2d_2(x))
        return self.dense_1(x.mean(dim=(2, 3)))            # logits; softmax is in the loss


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--device", default="cpu", choices=["cpu", "cuda"])
    a = p.parse_args()
    if a.threads:
        torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    device = torch.device(a.device)
    cuda = device.type == "cuda"
    torch.backends.cudnn.benchmark = cuda  # let cuDNN pick its fastest kernels (the warm-up steps pay)
    model = SeedPooling().to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    x = torch.randn(a.batch, 1, 10, 128, 128, device=device)
    y = torch.randint(0, 5, (a.batch,), device=device)
    times = []
    for step in range(a.warmup + a.steps):
        start = time.perf_counter()
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        if cuda:  # kernels run asynchronously: a step ends when the GPU is done, as ours waits
            torch.cuda.synchronize()
        if step >= a.warmup:
            times.append(time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    result = {"engine": "pytorch-" + device.type, "torch": torch.__version__, "threads": torch.get_num_threads(),
              "batch": a.batch, "steps": a.steps, "samples_per_s": a.batch / statistics.median(times),
              "median_step_s": statistics.median(times), "peak_rss_bytes": rss}
    if cuda:
        result["device"] = torch.cuda.get_device_name(device)
        result["peak_device_bytes"] = torch.cuda.max_memory_allocated(device)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
