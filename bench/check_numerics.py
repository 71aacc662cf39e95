"""The cost of --check-numerics: the seed models' train step with and
without it, side by side in one run.

    bench/check_numerics.sh [--threads N] [--rounds R] [--seconds S]

Compiles each seed model at batch 32 twice (plain and --check-numerics)
and times the train step at 1 and N threads (default: the machine's
cores), alternating the two builds for R rounds of S seconds each (the
medians of the rounds' medians are compared, which evens out a noisy
machine). Prints the medians and the ratio checked / plain per row and
writes check_numerics.md into DIR (default build/bench). A benchmark, not
a test: nothing asserts.
"""

import argparse
import os
import statistics
import sys
from pathlib import Path

from bench import ROOT, build_nncc, parse, run

MODELS = ("seed_cnn", "seed_lstm")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--out", type=Path, default=ROOT / "build/bench")
    parser.add_argument("--nncc", default=str(ROOT / "build/bin/nncc"))
    args = parser.parse_args()
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    variants = {"plain": ((), ""), "checked": (("--check-numerics",), "_chk")}
    exes = {(m, v): build_nncc(work, args.nncc, m, 32, flags, suffix)[0]
            for m in MODELS for v, (flags, suffix) in variants.items()}

    md = [f"Train step, batch 32; median of {args.rounds} alternating rounds "
          f"of {args.seconds:g} s each; times in ms.", "",
          "| model | threads | plain | --check-numerics | ratio |",
          "|---|---:|---:|---:|---:|"]
    for model in MODELS:
        for threads in sorted({1, args.threads}):
            times = {v: [] for v in variants}
            for _ in range(args.rounds):
                for v in variants:
                    r = parse(run([str(exes[(model, v)]), "train",
                                   str(args.seconds), str(threads)]))
                    times[v].append(float(r["ms"]))
            plain = statistics.median(times["plain"])
            checked = statistics.median(times["checked"])
            md.append(f"| {model} | {threads} | {plain:.3f} | {checked:.3f} "
                      f"| {checked / plain:.3f} |")
            print(md[-1], flush=True)
    (work / "check_numerics.md").write_text("\n".join(md) + "\n")
    print("\n" + "\n".join(md))
    print(f"\nwrote {work}/check_numerics.md")


if __name__ == "__main__":
    sys.exit(main())
