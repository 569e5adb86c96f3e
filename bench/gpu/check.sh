#!/usr/bin/env bash
# Runs on a GPU machine, from the repository root, with the archive of bench/gpu/pack.sh:
# the engine's device tests with the validation layer, then training-step speed beside
# PyTorch CUDA and a profile of where the step's time goes. Logs go to $OUT (default
# /tmp/volnet-gpu). The repository must also be reachable at the path the build was made
# in (the tests read fixtures and templates from there): the script links it when missing.
# Usage: bench/gpu/check.sh ARCHIVE SOURCE_DIR_OF_THE_BUILD
set -u
archive=$1 source_dir=$2
out=${OUT:-/tmp/volnet-gpu}
mkdir -p "$out" "$(dirname "$source_dir")"
[ -e "$source_dir" ] || ln -s "$PWD" "$source_dir"
tar -xJf "$archive" -C /tmp
g=/tmp/gpu
export LD_LIBRARY_PATH=$g/lib VK_LAYER_PATH=$g/layers
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json # where the driver's manifest may hide
[ -f $icd ] && export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
nvidia-smi -L 2>/dev/null
run() { # limit, log name, command...
    local limit=$1 name=$2
    shift 2
    echo "=== $name: $*"
    timeout "$limit" "$@" >"$out/$name.log" 2>&1
    echo "exit $?"
    tail -n "${TAIL:-3}" "$out/$name.log"
}
for t in tst_ops tst_train_gradients tst_train_plan tst_vk_runtime tst_vk_recorder tst_vk_hazards tst_ops_loss \
         tst_ops_optimizer tst_ops_init; do
    VOLNET_VALIDATION=1 run 300 "$t" "$g/$t"
done
# 20 timed steps: with fewer, a GPU's clocks are still rising at small batches.
for b in 4 16; do
    run 120 "volnet_b$b" "$g/bench_train" --steps 20 --warmup 3 --batch "$b"
    run 120 "torch_b$b" python3 bench/peer_train_torch.py --steps 20 --warmup 3 --batch "$b" --device cuda
done
TAIL=30 run 120 profile_b4 "$g/bench_train" --steps 20 --warmup 3 --batch 4 --profile
TAIL=30 run 120 profile_dce "$g/bench_train" --steps 20 --warmup 3 --batch 4 \
    --graph resources/templates/dce_demo.json --profile
# The whole command-line path on the GPU: the trainer's thread, the loader, staging
# uploads of each batch and read-backs of the metrics, checkpoints.
run 60 volnet_devices "$g/volnet" devices
TAIL=16 run 600 train_dce "$g/volnet" train resources/templates/dce_demo.json --epochs 10 --out /tmp/volnet-gpu-run
