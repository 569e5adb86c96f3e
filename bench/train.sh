#!/usr/bin/env bash
# Training speed, side by side in one run: our engine (bench_train, on the Vulkan device it
# picks: lavapipe without a GPU) and PyTorch on the CPU (peer_train_torch.py), on the
# seed's Strategy 1 at 10×128×128×1, batch 4, Adam, fp32. Prints both JSON lines and the
# ratio of their median samples per second.
# Usage: bench/train.sh [build dir, default build/dev] [steps, default 4]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build/dev}
steps=${2:-4}
ours=$("$build/bench/bench_train" --steps "$steps" --warmup 1)
peer=$(/usr/bin/python3 "$root/bench/peer_train_torch.py" --steps "$steps" --warmup 1 --threads "$(nproc)")
echo "$ours"
echo "$peer"
/usr/bin/python3 - "$ours" "$peer" <<'PY'
import json, sys
ours, peer = (json.loads(a) for a in sys.argv[1:])
print(f"volnet {ours['samples_per_s']:.3f} samples/s, pytorch {peer['samples_per_s']:.3f} samples/s, "
      f"ratio {ours['samples_per_s'] / peer['samples_per_s']:.2f}; "
      f"volnet device memory {ours['device_bytes'] / 2**20:.0f} MiB "
      f"({ours['device_bytes_unshared'] / 2**20:.0f} MiB without sharing), "
      f"pytorch peak RSS {peer['peak_rss_bytes'] / 2**20:.0f} MiB")
PY
