"""Tail latency under load: nncc and PyTorch with cores taken by other work.

    bench/load.sh [--threads N] [--busy K] [--seconds S] [--out DIR]

Times the seed models' train step and predict at batch 32 (the programs of
bench/bench.py) at 1 thread and at N threads (default: the machine's
cores), first on an idle machine, then with K busy processes (default
N - 1: one core left free of them) spinning next to them, and prints the
median, 90th and 99th percentile of each row, nncc and PyTorch side by
side. The ratio that matters is the last column: the N-thread step's 90th
percentile over the 1-thread step's, under the same load (a pool whose
threads wait for a preempted one at every join is many times slower; nncc
keeps it near 1). Writes load.md and load.csv into DIR (default
build/bench). A benchmark, not a test: nothing asserts.
"""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import PYTHON, ROOT, blas_env, build_nncc, parse, run

MODELS = ("seed_cnn", "seed_lstm")
ENTRIES = ("train", "predict")
BUSY_LOOP = "while True: pass"


def time_nncc(exe, entry, threads, seconds):
    r = parse(run([str(exe), entry, str(seconds), str(threads)]))
    return float(r["ms"]), float(r["p90_ms"]), float(r["p99_ms"])


def time_torch(model, entry, threads, seconds):
    r = json.loads(run(
        [PYTHON, str(ROOT / "bench/torch_peer.py"), model, entry, "32",
         str(threads), str(seconds)], env=blas_env(threads, blas_threads=1)))
    return r["ms"], r["p90_ms"], None


class Busy:
    """K processes that spin until the block ends."""

    def __init__(self, count):
        self.count, self.procs = count, []

    def __enter__(self):
        self.procs = [subprocess.Popen([PYTHON, "-c", BUSY_LOOP])
                      for _ in range(self.count)]
        time.sleep(0.5)  # let the scheduler place them
        return self

    def __exit__(self, *exc):
        for p in self.procs:
            p.kill()
            p.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--busy", type=int, default=None,
                        help="competing busy processes (default threads-1)")
    parser.add_argument("--seconds", type=float, default=3.0,
                        help="timing per row and side")
    parser.add_argument("--out", type=Path, default=ROOT / "build/bench")
    parser.add_argument("--nncc", default=str(ROOT / "build/bin/nncc"))
    args = parser.parse_args()
    busy = args.threads - 1 if args.busy is None else args.busy
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    exes = {m: build_nncc(work, args.nncc, m, 32)[0] for m in MODELS}

    rows = []
    for load in (0, busy):
        with Busy(load):
            for model in MODELS:
                for entry in ENTRIES:
                    for threads in sorted({1, args.threads}):
                        for side in ("nncc", "torch"):
                            if side == "nncc":
                                t = time_nncc(exes[model], entry, threads,
                                              args.seconds)
                            else:
                                t = time_torch(model, entry, threads,
                                               args.seconds)
                            rows.append({"busy": load, "model": model,
                                         "entry": entry, "threads": threads,
                                         "side": side, "median_ms": t[0],
                                         "p90_ms": t[1], "p99_ms": t[2]})
                            print(f"busy={load} {model} {entry} t{threads} "
                                  f"{side}: median {t[0]:.3f} ms, "
                                  f"p90 {t[1]:.3f} ms", flush=True)

    with open(work / "load.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)

    def get(load, model, entry, threads, side):
        return next(r for r in rows if (r["busy"], r["model"], r["entry"],
                                        r["threads"], r["side"]) ==
                    (load, model, entry, threads, side))

    n = args.threads
    md = [f"Threads: 1 and {n}; busy processes: 0 and {busy} "
          f"(`{BUSY_LOOP}` each); {args.seconds:g} s per row and side. "
          "Times in ms; the ratio is the "
          f"{n}-thread p90 over the 1-thread p90 under the same load.", "",
          "| busy | model | entry | side | 1 thread median / p90 "
          f"| {n} threads median / p90 | p90 ratio |",
          "|---:|---|---|---|---:|---:|---:|"]
    for load in (0, busy):
        for model in MODELS:
            for entry in ENTRIES:
                for side in ("nncc", "torch"):
                    one = get(load, model, entry, 1, side)
                    many = get(load, model, entry, n, side)
                    md.append(
                        f"| {load} | {model} | {entry} | {side} "
                        f"| {one['median_ms']:.3f} / {one['p90_ms']:.3f} "
                        f"| {many['median_ms']:.3f} / {many['p90_ms']:.3f} "
                        f"| {many['p90_ms'] / one['p90_ms']:.2f} |")
    (work / "load.md").write_text("\n".join(md) + "\n")
    print("\n" + "\n".join(md))
    print(f"\nwrote {work}/load.md, load.csv")


if __name__ == "__main__":
    sys.exit(main())
