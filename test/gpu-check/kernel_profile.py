#!/usr/bin/env python3
"""test/gpu-check/kernel_profile.py CSV [--steps N] [--peaks "copy_gbs=... fma_gflops=..."] [--top K]

Summarizes an Nsight Compute raw CSV (`ncu --csv --page raw --print-units
base`, as run.sh writes it) of N train steps: kernels grouped by name, the
K slowest by total time, each with what bounds it.

Per kernel: calls and microseconds per step, its share of the step's GPU
time, the DRAM bytes it moved over its time (GB/s, and as a share of the
card's measured copy bandwidth), its f32 arithmetic (2 FLOP per FFMA, 1 per
FADD/FMUL thread instruction) over its time (GFLOP/s, and as a share of the
measured FMA rate), ncu's own SM and memory throughput percentages, its
achieved occupancy and registers per thread. The bound is the larger of the
two shares when it is at least 40% ("memory", "arithmetic"); otherwise
neither unit is busy and the kernel is latency-bound (too few threads or
too little independent work in flight, or launch overhead for short ones).

Standard library only: it runs under whatever python3 the GPU machine has.
"""
import argparse
import collections
import csv
import sys

METRICS = {
    "time": "gpu__time_duration.sum",  # ns
    "dram_read": "dram__bytes_read.sum",
    "dram_write": "dram__bytes_write.sum",
    "l2": "lts__t_bytes.sum",
    "ffma": "smsp__sass_thread_inst_executed_op_ffma_pred_on.sum",
    "fadd": "smsp__sass_thread_inst_executed_op_fadd_pred_on.sum",
    "fmul": "smsp__sass_thread_inst_executed_op_fmul_pred_on.sum",
    "sm_pct": "sm__throughput.avg.pct_of_peak_sustained_elapsed",
    "mem_pct": "gpu__compute_memory_throughput.avg.pct_of_peak_sustained_elapsed",
    "occupancy": "sm__warps_active.avg.pct_of_peak_sustained_active",
    "registers": "launch__registers_per_thread",
    "grid_size": "launch__grid_size",
    "block_size": "launch__block_size",
}
BOUND_SHARE = 0.40


def number(text):
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return 0.0


def read(path):
    """One dict per profiled launch: name, grid, block and METRICS."""
    launches = []
    with open(path, newline="") as f:
        # ncu writes its own lines (==PROF==, warnings) before the table.
        lines = [line for line in f if line.startswith('"')]
    for row in csv.DictReader(lines):
        if not row.get("ID", "").strip().isdigit():
            continue  # the units row
        launch = {key: number(row.get(metric, "0"))
                  for key, metric in METRICS.items()}
        launch["name"] = row.get("Kernel Name", "?")
        launch["grid"] = row.get("Grid Size") or f"{launch['grid_size']:.0f}"
        launch["block"] = row.get("Block Size") or \
            f"{launch['block_size']:.0f}"
        launches.append(launch)
    return launches


def parse_peaks(text):
    peaks = dict(kv.split("=", 1) for kv in (text or "").split() if "=" in kv)
    return number(peaks.get("copy_gbs", "0")), number(peaks.get(
        "fma_gflops", "0"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("csv")
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--peaks", default="")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args()
    launches = read(args.csv)
    if not launches:
        sys.exit(f"{args.csv}: no profiled kernels")
    copy_gbs, fma_gflops = parse_peaks(args.peaks)

    kernels = collections.OrderedDict()
    for launch in launches:
        k = kernels.setdefault(launch["name"], collections.defaultdict(float))
        k["calls"] += 1
        for key in METRICS:
            k[key] += launch[key]
        k["grid"], k["block"] = launch["grid"], launch["block"]
    total_ns = sum(k["time"] for k in kernels.values())
    print(f"{len(launches) / args.steps:.0f} launches and "
          f"{total_ns / args.steps / 1e3:.1f} us of kernel time per step, "
          f"{len(kernels)} kernels; ceilings: copy {copy_gbs:.0f} GB/s, "
          f"f32 FMA {fma_gflops:.0f} GFLOP/s")
    print("| kernel | calls/step | us/step | share | DRAM GB/s (% copy) "
          "| GFLOP/s (% FMA) | ncu SM % / mem % | occupancy % | regs "
          "| grid x block | bound |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
    ranked = sorted(kernels.items(), key=lambda item: -item[1]["time"])
    for name, k in ranked[:args.top]:
        seconds = k["time"] * 1e-9
        gbs = (k["dram_read"] + k["dram_write"]) / seconds * 1e-9
        gflops = (2 * k["ffma"] + k["fadd"] + k["fmul"]) / seconds * 1e-9
        mem_share = gbs / copy_gbs if copy_gbs else 0.0
        fma_share = gflops / fma_gflops if fma_gflops else 0.0
        if max(mem_share, fma_share) >= BOUND_SHARE:
            bound = "memory" if mem_share >= fma_share else "arithmetic"
        else:
            bound = "latency"
        calls = k["calls"]
        print(f"| `{name}` | {calls / args.steps:.0f} "
              f"| {k['time'] / args.steps / 1e3:.1f} "
              f"| {100 * k['time'] / total_ns:.1f}% "
              f"| {gbs:.0f} ({100 * mem_share:.0f}%) "
              f"| {gflops:.0f} ({100 * fma_share:.0f}%) "
              f"| {k['sm_pct'] / calls:.0f} / {k['mem_pct'] / calls:.0f} "
              f"| {k['occupancy'] / calls:.0f} | {k['registers'] / calls:.0f} "
              f"| {k['grid']} x {k['block']} | {bound} |")


if __name__ == "__main__":
    main()
