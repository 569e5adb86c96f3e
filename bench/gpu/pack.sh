#!/usr/bin/env bash
# Packs what the GPU check (bench/gpu/check.sh) needs into one archive, for a GPU machine
# that has an NVIDIA driver but not our build's libraries: the stripped engine tests,
# bench_train and volnet of a build, the Qt, ICU and other shared libraries they link (not
# glibc or libstdc++, which a newer distribution has), the Vulkan loader, and the Khronos
# validation layer with a manifest that finds it beside the archive's libraries.
# Usage: bench/gpu/pack.sh [build dir, default build/ci] [archive, default gpu.tar.xz]
set -euo pipefail
build=${1:-build/ci}
archive=$(realpath -m "${2:-gpu.tar.xz}")
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/gpu/lib" "$stage/gpu/layers"
programs=(app/volnet bench/bench_train tests/tst_ops tests/tst_train_gradients tests/tst_train_plan tests/tst_vk_runtime
          tests/tst_vk_recorder tests/tst_vk_hazards tests/tst_ops_loss tests/tst_ops_optimizer tests/tst_ops_init)
for p in "${programs[@]}"; do
    strip -o "$stage/gpu/$(basename "$p")" "$build/$p"
done
# Every shared library they load, less the C and C++ runtimes.
for p in "${programs[@]}"; do ldd "$build/$p"; done | awk '/=> \// {print $3}' | sort -u |
    grep -Ev '/(libc|libm|libstdc\+\+|libgcc_s|ld-linux[^/]*)\.so' | while read -r lib; do
    cp -L "$lib" "$stage/gpu/lib/"
done
cp /usr/lib/x86_64-linux-gnu/libVkLayer_khronos_validation.so "$stage/gpu/lib/"
sed 's|"library_path": *"[^"]*"|"library_path": "../lib/libVkLayer_khronos_validation.so"|' \
    /usr/share/vulkan/explicit_layer.d/VkLayer_khronos_validation.json > "$stage/gpu/layers/VkLayer_khronos_validation.json"
tar -C "$stage" -cJf "$archive" gpu
echo "wrote $archive ($(du -h "$archive" | cut -f1))"
