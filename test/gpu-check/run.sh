#!/usr/bin/env bash
# run.sh - the GPU check, run on a machine with an NVIDIA GPU and its driver,
# inside the folder gpu-check/build.py made (no compiler, no CUDA toolkit,
# no nncc needed there).
#
#   ./run.sh [SECONDS]     SECONDS per timed row and side (default 2)
#
# 1. Every op case and both seed models: predict on the GPU equals the CPU
#    target's output (computed when the folder was built) within twice the
#    case's oracle tolerance.
# 2. Both seed models: 3 Adam training steps on the GPU from the same
#    initial parameters equal the CPU target's losses, first gradients and
#    final parameters within 2e-4 relative (+ 2e-4 rms floor).
# 3. A timing table: train step and predict at batch 32, nncc GPU vs nncc
#    CPU (this machine's cores) vs PyTorch on CUDA (if torch with CUDA is
#    installed here).
# Exits 1 if any check failed. Each executable gets a time limit (a hung
# kernel fails its check instead of the whole run).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds=${1:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
passed=0
failed=0

record() { # NAME STATUS DETAIL
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1)); echo "PASS $1: $3"
  else
    failed=$((failed + 1)); echo "FAIL $1: $3"
  fi
}

echo "== GPU: ${NNCC_CUDA_DEVICE:-device 0}; $(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)"
echo "== predict: GPU vs CPU target, every case"
while IFS=$'\t' read -r name dtype rtol atol; do
  if detail=$(timeout 60 bin/$name.cuda predict data/$name.params.bin data/$name.input.bin "$out/$name" 2>&1); then
    detail=$(bin/compare "$dtype" data/$name.cpu.output.bin "$out/$name.output.bin" "$rtol" "$atol" 0)
    record "$name" $? "$detail"
  else
    record "$name" 1 "$detail"
  fi
done < cases.tsv

echo "== training: 3 Adam steps, GPU vs CPU target"
steps=$(awk '$1 == "steps" { print $2 }' train.tsv)
rtol=$(awk '$1 == "rtol" { print $2 }' train.tsv)
rms=$(awk '$1 == "rms" { print $2 }' train.tsv)
for name in seed_cnn seed_lstm; do
  if detail=$(timeout 120 bin/$name.train.cuda train data/$name.x.bin data/$name.labels.bin "$steps" "$out/$name" 2>&1); then
    for what in losses grads params; do
      detail=$(bin/compare f32 data/$name.cpu.$what.bin "$out/$name.$what.bin" "$rtol" 0 "$rms")
      record "$name train $what" $? "$detail"
    done
  else
    record "$name train" 1 "$detail"
  fi
done

echo "== timing (batch 32, ${seconds} s a row and side)"
cores=$(nproc)
level=v3
grep -qw avx512f /proc/cpuinfo && level=v4
ms() { sed -n 's/.*ms=\([0-9.]*\).*/\1/p'; }
torch_ok=0
python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null && torch_ok=1
printf '| model | row | nncc GPU ms | nncc CPU ms (%s threads, x86-64-%s) | PyTorch CUDA ms (mode) | GPU vs CPU | GPU vs PyTorch |\n' "$cores" "$level"
printf '|---|---|---:|---:|---:|---:|---:|\n'
for name in seed_cnn seed_lstm; do
  for mode in train predict; do
    limit=$(awk -v s="$seconds" 'BEGIN { printf "%d", 10 * s + 60 }')
    gpu=$(timeout "$limit" bin/bench_$name.gpu $mode "$seconds" 1 2>&1 | ms)
    cpu=$(timeout "$limit" bin/bench_$name.cpu_$level $mode "$seconds" "$cores" 2>&1 | ms)
    torch="n/a"; tmode=""
    if [ $torch_ok = 1 ]; then
      json=$(timeout "$limit" python3 torch_peer.py $name $mode 32 "$cores" "$seconds" cuda 2>/dev/null)
      torch=$(echo "$json" | sed -n 's/.*"ms": \([0-9.]*\).*/\1/p')
      tmode=$(echo "$json" | sed -n 's/.*"mode": "\([a-z]*\)".*/\1/p')
      [ -n "$torch" ] || torch="n/a"
    fi
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", b / a; else print "n/a" }'; }
    printf '| %s | %s b32 | %s | %s | %s%s | %s | %s |\n' "$name" "$mode" \
      "${gpu:-n/a}" "${cpu:-n/a}" "$torch" "${tmode:+ ($tmode)}" \
      "$(ratio "${gpu:-0}" "${cpu:-0}")" "$(ratio "${gpu:-0}" "${torch/n\/a/0}")"
  done
done
[ $torch_ok = 1 ] || echo "(PyTorch with CUDA is not installed here: its column is n/a)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
