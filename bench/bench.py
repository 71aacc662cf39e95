"""nncc vs PyTorch on the seed models, side by side in one run.

    bench/run.sh [--threads N] [--seconds S] [--out DIR]

For each seed model (examples/seed_cnn.mlir, examples/seed_lstm.mlir) this
compiles batch-1, -32 and -128 variants with nncc, times the train step at
batch 32 and 128, predict at batch 32 and predict latency at batch 1 with
bench/nncc_bench.c, and the same rows in PyTorch (bench/torch_peer.py, the
faster of eager and jit.trace). The machine's peak is measured in the same
run: an FMA loop (bench/peak.c) and OpenBLAS sgemm through numpy. Writes
results.md (the table), results.csv and ratios.svg (speedup of nncc over
PyTorch per row) into DIR, and prints the table.

FLOPs are counted analytically (multiply-adds of convolutions, dense layers
and LSTM matmuls, times two); a training step counts three times the
forward pass (forward, input gradient, weight gradient). Elementwise work,
pooling and the optimizer are not counted.

Threads: both sides run on the same number of threads, by default the
machine's cores (nncc's default too): NAME_set_num_threads on nncc's side,
torch.set_num_threads and OPENBLAS_NUM_THREADS on PyTorch's.
"""

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = "/usr/bin/python3"  # Debian's, with python3-torch
MODELS = ("seed_cnn", "seed_lstm")
# (row name, entry point, batch)
ROWS = (("train b32", "train", 32), ("train b128", "train", 128),
        ("predict b32", "predict", 32), ("predict b1", "predict", 1))


def forward_flops(model, batch):
    if model == "seed_cnn":
        conv1 = 26 * 26 * 9 * 1 * 32
        conv2 = 11 * 11 * 9 * 32 * 64
        dense = 1600 * 64 + 64 * 10
        return 2 * batch * (conv1 + conv2 + dense)
    lstm = 28 * ((28 + 64) * 256 + 2 * (64 + 64) * 256)
    return 2 * batch * (lstm + 64 * 10)


def row_flops(model, entry, batch):
    return forward_flops(model, batch) * (3 if entry == "train" else 1)


def run(cmd, env=None, **kw):
    result = subprocess.run(cmd, check=True, capture_output=True, text=True,
                            env=env, **kw)
    return result.stdout


def parse(line):
    return dict(kv.split("=", 1) for kv in line.split())


def blas_env(threads, blas_threads=None):
    """OpenBLAS with the right kernels; `blas_threads` for OpenBLAS's own
    pool (PyTorch is fastest with 1 next to its `threads` OpenMP threads)."""
    env = dict(os.environ)
    env.update(OPENBLAS_CORETYPE="SkylakeX",
               OPENBLAS_NUM_THREADS=str(blas_threads or threads),
               OMP_NUM_THREADS=str(threads))
    return env


# numpy's matmul is OpenBLAS sgemm here; the best of five 2048^3 products.
SGEMM_PEAK = """
import time
import numpy as np
n = 2048
a = np.random.rand(n, n).astype(np.float32)
b = np.random.rand(n, n).astype(np.float32)
a @ b
best = float("inf")
for _ in range(5):
    start = time.perf_counter()
    a @ b
    best = min(best, time.perf_counter() - start)
print(2 * n ** 3 / best * 1e-9)
"""


def measure_peak(work, threads):
    exe = work / "peak"
    run(["cc", "-O2", "-ffp-contract=fast", "-march=native",
         str(ROOT / "bench/peak.c"), "-lpthread", "-o", str(exe)])
    fma = float(parse(run([str(exe), str(threads)]))["gflops"])
    sgemm = float(run([PYTHON, "-c", SGEMM_PEAK], env=blas_env(threads)))
    return fma, sgemm


def batch_variant(model, batch):
    """The model's source with its batch dimension (32) set to `batch`."""
    text = (ROOT / "examples" / f"{model}.mlir").read_text()
    # Only activations start with the batch dimension followed by another
    # dimension; no parameter of the seed models has a leading 32.
    return re.sub(r"tensor<32x(?=\d)", f"tensor<{batch}x", text)


def build_nncc(work, nncc, model, batch, flags=(), suffix=""):
    """Compiles one variant (with extra nncc `flags`, its name ending in
    `suffix`) and its timing program; returns (exe, seconds)."""
    name = f"{model}_b{batch}{suffix}"
    src = work / f"{name}.mlir"
    src.write_text(batch_variant(model, batch).replace(
        f"module @{model}", f"module @{name}"))
    t0 = time.perf_counter()
    run([nncc, str(src), "-o", str(work / f"{name}.o"), *flags])
    compile_s = time.perf_counter() - t0
    exe = work / f"bench_{name}"
    run(["cc", "-O2", "-D_POSIX_C_SOURCE=200809L", f"-DMODEL={name}",
         f"-DMODEL_UPPER={name.upper()}", "-include",
         str(work / f"{name}.h"), str(ROOT / "bench/nncc_bench.c"),
         str(work / f"{name}.o"), "-lm", "-o", str(exe)])
    return exe, compile_s


def svg_chart(rows, path):
    """Horizontal bars of the speedup (PyTorch ms / nncc ms) per row."""
    width, bar, gap, left = 640, 22, 8, 170
    top = 40
    height = top + len(rows) * (bar + gap) + 40
    vmax = max(2.0, max(r["speedup"] for r in rows) * 1.1)
    scale = (width - left - 60) / vmax
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
           f'height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" '
           'font-size="14">nncc speedup over PyTorch (higher is better)</text>']
    one = left + scale
    for i, r in enumerate(rows):
        y = top + i * (bar + gap)
        color = "#2b7bba" if r["speedup"] >= 1 else "#d9534f"
        out.append(f'<text x="{left - 6}" y="{y + bar * 0.7}" '
                   f'text-anchor="end">{r["model"]} {r["row"]}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{r["speedup"] * scale:.1f}"'
                   f' height="{bar}" fill="{color}"/>')
        out.append(f'<text x="{left + r["speedup"] * scale + 4:.1f}" '
                   f'y="{y + bar * 0.7}">{r["speedup"]:.2f}x</text>')
    bottom = top + len(rows) * (bar + gap)
    out.append(f'<line x1="{one:.1f}" y1="{top - 5}" x2="{one:.1f}" '
               f'y2="{bottom}" stroke="black" stroke-dasharray="4,3"/>')
    out.append(f'<text x="{one:.1f}" y="{bottom + 15}" '
               'text-anchor="middle">1x (parity)</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seconds", type=float, default=2.0,
                        help="minimum timing per row and side")
    parser.add_argument("--out", type=Path, default=ROOT / "build/bench")
    parser.add_argument("--nncc", default=str(ROOT / "build/bin/nncc"))
    args = parser.parse_args()
    work = args.out
    work.mkdir(parents=True, exist_ok=True)

    fma, sgemm = measure_peak(work, args.threads)
    print(f"peak at {args.threads} thread(s): FMA loop {fma:.1f} GFLOP/s, "
          f"OpenBLAS sgemm {sgemm:.1f} GFLOP/s", flush=True)

    rows, extra = [], []
    for model in MODELS:
        exes, compile_s = {}, None
        for batch in sorted({b for _, _, b in ROWS}):
            exes[batch], seconds = build_nncc(work, args.nncc, model, batch)
            if batch == 32:
                compile_s = seconds
        nncc_rss = torch_rss = 0
        for row, entry, batch in ROWS:
            mine = parse(run([str(exes[batch]), entry, str(args.seconds),
                              str(args.threads)]))
            peer = json.loads(run(
                [PYTHON, str(ROOT / "bench/torch_peer.py"), model, entry,
                 str(batch), str(args.threads), str(args.seconds)],
                env=blas_env(args.threads, blas_threads=1)))
            flops = row_flops(model, entry, batch)
            r = {"model": model, "row": row, "nncc_ms": float(mine["ms"]),
                 "torch_ms": peer["ms"], "torch_mode": peer["mode"],
                 "gflop": flops * 1e-9}
            r["speedup"] = r["torch_ms"] / r["nncc_ms"]
            r["nncc_gflops"] = flops / r["nncc_ms"] * 1e-6
            r["torch_gflops"] = flops / r["torch_ms"] * 1e-6
            rows.append(r)
            nncc_rss = max(nncc_rss, int(mine["maxrss_kb"]))
            torch_rss = max(torch_rss, int(peer["maxrss_kb"]))
            print(f"{model:10} {row:12} nncc {r['nncc_ms']:8.3f} ms  "
                  f"torch {r['torch_ms']:8.3f} ms ({r['torch_mode']})  "
                  f"speedup {r['speedup']:.2f}x", flush=True)
        extra.append({"model": model, "compile_s": compile_s,
                      "nncc_rss_mb": nncc_rss / 1024,
                      "torch_rss_mb": torch_rss / 1024})

    fields = ["model", "row", "gflop", "nncc_ms", "torch_ms", "torch_mode",
              "speedup", "nncc_gflops", "torch_gflops"]
    with open(work / "results.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields + ["nncc_pct_peak",
                                                   "torch_pct_peak"])
        w.writeheader()
        for r in rows:
            w.writerow({**{k: r[k] for k in fields},
                        "nncc_pct_peak": 100 * r["nncc_gflops"] / fma,
                        "torch_pct_peak": 100 * r["torch_gflops"] / fma})

    md = [f"Threads: {args.threads}. Peak measured in this run: FMA loop "
          f"{fma:.1f} GFLOP/s, OpenBLAS sgemm (2048^3) {sgemm:.1f} GFLOP/s.",
          "",
          "| model | row | GFLOP | nncc ms | PyTorch ms (mode) | speedup "
          "| nncc GFLOP/s (% peak) | PyTorch GFLOP/s (% peak) |",
          "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        md.append(
            f"| {r['model']} | {r['row']} | {r['gflop']:.4f} "
            f"| {r['nncc_ms']:.3f} | {r['torch_ms']:.3f} ({r['torch_mode']}) "
            f"| {r['speedup']:.2f}x "
            f"| {r['nncc_gflops']:.1f} ({100 * r['nncc_gflops'] / fma:.1f}%) "
            f"| {r['torch_gflops']:.1f} ({100 * r['torch_gflops'] / fma:.1f}%)"
            " |")
    md += ["", "| model | nncc compile (batch 32) | nncc peak RSS "
           "| PyTorch peak RSS |", "|---|---:|---:|---:|"]
    for e in extra:
        md.append(f"| {e['model']} | {e['compile_s']:.2f} s "
                  f"| {e['nncc_rss_mb']:.1f} MiB | {e['torch_rss_mb']:.1f} MiB |")
    (work / "results.md").write_text("\n".join(md) + "\n")
    svg_chart(rows, work / "ratios.svg")
    print("\n" + "\n".join(md))
    print(f"\nwrote {work}/results.md, results.csv, ratios.svg")


if __name__ == "__main__":
    sys.exit(main())
