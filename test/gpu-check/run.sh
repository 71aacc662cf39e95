#!/usr/bin/env bash
# run.sh - the GPU check, run on a machine with an NVIDIA GPU and its driver,
# inside the folder gpu-check/build.py made (no compiler, no CUDA toolkit,
# no nncc needed there).
#
#   ./run.sh [SECONDS [PROFILE_DIR]]
#
# SECONDS per timed row and side (default 2). In order:
# 0. The card's ceilings (bin/peak_cuda, where it was built): copy
#    bandwidth and f32/f64 FMA rate.
# 1. Every op case and both seed models: predict on the GPU equals the CPU
#    target's output (computed when the folder was built) within twice the
#    case's oracle tolerance.
# 2. Both seed models: 3 Adam training steps on the GPU from the same
#    initial parameters equal the CPU target's losses, first gradients and
#    final parameters within 2e-4 relative (+ 2e-4 rms floor).
# 3. Determinism: the training run again, and once more with CUDA graphs
#    off, gives bitwise the same files; so does predict of the seed models.
# 4. A timing table: train step at batch 32 and 128, predict at 32 and 1,
#    nncc GPU (CUDA graphs on, and off) vs nncc CPU (this machine's cores)
#    vs PyTorch on CUDA (if torch with CUDA is installed here).
# 5. With PROFILE_DIR and Nsight Compute (ncu) here: every kernel of two
#    train steps of each seed model, its time and what bounds it against
#    the ceilings of 0 (kernel_profile.py); the raw CSVs go into PROFILE_DIR.
# Exits 1 if any check failed. Each executable gets a time limit (a hung
# kernel fails its check instead of the whole run).
set -u
cd "$(dirname "${BASH_SOURCE[0]}")"
seconds=${1:-2}
profile=${2:-}
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

echo "== GPU: ${NNCC_CUDA_DEVICE:-device 0}; $(nvidia-smi --query-gpu=name,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader 2>/dev/null | head -1)"
peaks=""
if [ -x bin/peak_cuda ]; then
  peaks=$(timeout 60 bin/peak_cuda 2>&1)
  echo "== ceilings: $peaks"
fi

echo "== predict: GPU vs CPU target, every case"
while IFS=$'\t' read -r name dtype rtol atol; do
  if detail=$(timeout 30 bin/$name.cuda predict data/$name.params.bin data/$name.input.bin "$out/$name" 2>&1); then
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
train() { # NAME PREFIX [ENV...]
  local name=$1 prefix=$2; shift 2
  env "$@" timeout 120 bin/$name.train.cuda train data/$name.x.bin data/$name.labels.bin "$steps" "$prefix" 2>&1
}
for name in seed_cnn seed_lstm; do
  if detail=$(train $name "$out/$name"); then
    for what in losses grads params; do
      detail=$(bin/compare f32 data/$name.cpu.$what.bin "$out/$name.$what.bin" "$rtol" 0 "$rms")
      record "$name train $what" $? "$detail"
    done
  else
    record "$name train" 1 "$detail"
  fi
done

echo "== determinism: bitwise the same run to run, CUDA graphs on and off"
same() { # NAME FILE...: every FILE equals FILE.again byte for byte
  local name=$1 status=0 f; shift
  for f in "$@"; do cmp -s "$f" "$f.again" || { status=1; echo "  differs: $(basename "$f")"; }; done
  return $status
}
for name in seed_cnn seed_lstm; do
  for graphs in 1 0; do
    if detail=$(train $name "$out/$name.again" NNCC_CUDA_GRAPHS=$graphs); then
      for what in losses grads params; do
        mv "$out/$name.again.$what.bin" "$out/$name.$what.bin.again"
      done
      detail=$(same "$name" "$out/$name".{losses,grads,params}.bin)
      record "$name train bitwise (graphs $([ $graphs = 1 ] && echo on || echo off))" $? "${detail:-losses, gradients and parameters equal the first run}"
    else
      record "$name train bitwise" 1 "$detail"
    fi
  done
done
while IFS=$'\t' read -r name _; do
  case $name in seed_*) ;; *) continue ;; esac
  [ -f "$out/$name.output.bin" ] || continue
  if detail=$(timeout 30 bin/$name.cuda predict data/$name.params.bin data/$name.input.bin "$out/$name.again" 2>&1); then
    mv "$out/$name.again.output.bin" "$out/$name.output.bin.again"
    detail=$(same "$name" "$out/$name.output.bin")
    record "$name predict bitwise" $? "${detail:-the output equals the first run}"
  else
    record "$name predict bitwise" 1 "$detail"
  fi
done < cases.tsv

cores=$(nproc)
level=v3
grep -qw avx512f /proc/cpuinfo && level=v4
rows="train:32 train:128 predict:32 predict:1"
torch_ok=0
python3 -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null && torch_ok=1
if [ $torch_ok = 1 ]; then
  spec=""
  for name in seed_cnn seed_lstm; do for row in $rows; do spec="$spec${spec:+,}$name:$row"; done; done
  timeout 600 python3 torch_peer.py rows "$spec" "$cores" "$seconds" cuda > "$out/torch.jsonl" 2> "$out/torch.err" ||
    echo "(PyTorch failed: $(tail -1 "$out/torch.err"))"
fi
echo "== timing (${seconds} s a row and side; GPU rows include the copies of input, labels and output)"
ms() { sed -n 's/.*ms=\([0-9.]*\).*/\1/p' | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", b / a; else print "n/a" }'; }
limit=$(awk -v s="$seconds" 'BEGIN { printf "%d", 10 * s + 60 }')
printf '| model | row | nncc GPU ms | nncc GPU, graphs off ms | nncc CPU ms (%s threads, x86-64-%s) | PyTorch CUDA ms (mode) | GPU vs CPU | GPU vs PyTorch |\n' "$cores" "$level"
printf '|---|---|---:|---:|---:|---:|---:|---:|\n'
for name in seed_cnn seed_lstm; do
  for row in $rows; do
    mode=${row%:*}; batch=${row#*:}
    bench=bin/bench_${name}_b$batch
    gpu=$(timeout "$limit" $bench.gpu $mode "$seconds" 1 2>&1 | ms)
    nographs=$(NNCC_CUDA_GRAPHS=0 timeout "$limit" $bench.gpu $mode "$seconds" 1 2>&1 | ms)
    cpu=$(timeout "$limit" $bench.cpu_$level $mode "$seconds" "$cores" 2>&1 | ms)
    torch=""; tmode=""
    if [ -s "$out/torch.jsonl" ]; then
      json=$(grep "\"row\": \"$name:$row\"" "$out/torch.jsonl")
      torch=$(echo "$json" | sed -n 's/.*"ms": \([0-9.]*\).*/\1/p')
      tmode=$(echo "$json" | sed -n 's/.*"mode": "\([a-z]*\)".*/\1/p')
    fi
    printf '| %s | %s b%s | %s | %s | %s | %s%s | %s | %s |\n' "$name" "$mode" "$batch" \
      "${gpu:-n/a}" "${nographs:-n/a}" "${cpu:-n/a}" "${torch:-n/a}" "${tmode:+ ($tmode)}" \
      "$(ratio "${gpu:-0}" "${cpu:-0}")" "$(ratio "${gpu:-0}" "${torch:-0}")"
  done
done
[ $torch_ok = 1 ] || echo "(PyTorch with CUDA is not installed here: its column is n/a)"

if [ -n "$profile" ]; then
  ncu=$(command -v ncu || ls /usr/local/cuda/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
  if [ -z "$ncu" ]; then
    echo "(no Nsight Compute here: no kernel profile)"
  else
    mkdir -p "$profile"
    metrics=gpu__time_duration.sum,dram__bytes_read.sum,dram__bytes_write.sum,lts__t_bytes.sum
    metrics=$metrics,smsp__sass_thread_inst_executed_op_ffma_pred_on.sum,smsp__sass_thread_inst_executed_op_fadd_pred_on.sum,smsp__sass_thread_inst_executed_op_fmul_pred_on.sum
    metrics=$metrics,sm__throughput.avg.pct_of_peak_sustained_elapsed,gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed
    metrics=$metrics,sm__warps_active.avg.pct_of_peak_sustained_active,launch__registers_per_thread
    metrics=$metrics,launch__grid_size,launch__block_size
    for name in seed_cnn seed_lstm; do
      echo "== kernels of one train step of $name, batch 32 (ncu, CUDA graphs off)"
      NNCC_CUDA_GRAPHS=0 timeout 300 "$ncu" --clock-control none --cache-control none --metrics "$metrics" \
        --csv --page raw --print-units base --log-file "$profile/$name.ncu.csv" \
        bin/$name.train.cuda train data/$name.x.bin data/$name.labels.bin 1 "$out/prof_$name" > "$profile/$name.ncu.log" 2>&1 ||
        echo "(ncu failed: $(tail -2 "$profile/$name.ncu.log"))"
      if ! grep -q '^"ID"' "$profile/$name.ncu.csv" 2>/dev/null; then
        echo "(retrying with the time and DRAM metrics only)"
        NNCC_CUDA_GRAPHS=0 timeout 300 "$ncu" --clock-control none --cache-control none --metrics gpu__time_duration.sum,dram__bytes_read.sum,dram__bytes_write.sum \
          --csv --page raw --print-units base --log-file "$profile/$name.ncu.csv" \
          bin/$name.train.cuda train data/$name.x.bin data/$name.labels.bin 1 "$out/prof_$name" >> "$profile/$name.ncu.log" 2>&1
      fi
      [ -s "$profile/$name.ncu.csv" ] && python3 kernel_profile.py "$profile/$name.ncu.csv" --steps 1 --peaks "$peaks"
    done
  fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
