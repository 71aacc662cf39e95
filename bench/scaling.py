"""Compile time and memory against model size: nncc on generated models of
100 to 10,000 layers or parameters.

    bench/scaling.sh [--sizes 100,300,1000,3000,10000] [--timeout S]
                     [--families a,b] [--out DIR]

Families (each a training model, Adam, f32):
  dense     a chain of N dense layers 16 -> 16 with bias and relu
            (2N parameters, N layers: the everyday deep model)
  unused    N one-element parameters the forward function never reads
  relus     N chained relus after one dense layer (N elementwise layers)
  big       one unused parameter of N x 2^16 elements (N = 100 is 6.5 M
            elements, 10,000 is 655 M: the initial values must never be
            materialized in the compiler)

For each family and size: wall-clock compile time of `nncc model.mlir -o
model.o`, the compiler's peak resident memory, and the growth from the
previous size as the exponent k of time ~ size^k (1 is linear). Writes
scaling.md and scaling.csv into DIR (default build/bench). A row that runs
past --timeout seconds (default 900) or needs more than --memory-gb GiB
(default 12) is reported as such and ends its family. A benchmark, not a
test: nothing asserts.
"""

import argparse
import csv
import math
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRAIN = ("  nn.train_config @forward {loss = #nn.loss<mean_squared_error>, "
         "optimizer = #nn.adam<>}")


def dense_chain(n):
    lines = ["module @scaling {"]
    for i in range(n):
        lines += [f"  nn.parameter @d{i}.kernel : tensor<16x16xf32> "
                  "init<glorot_uniform>",
                  f"  nn.parameter @d{i}.bias : tensor<16xf32> init<zeros>"]
    lines.append("  func.func @forward(%x: tensor<8x16xf32>) -> "
                 "tensor<8x16xf32> {")
    prev = "%x"
    for i in range(n):
        lines += [f"    %k{i} = nn.parameter_read @d{i}.kernel : "
                  "tensor<16x16xf32>",
                  f"    %b{i} = nn.parameter_read @d{i}.bias : tensor<16xf32>",
                  f"    %y{i} = nn.dense {prev}, %k{i}, %b{i} : "
                  "tensor<8x16xf32>, tensor<16x16xf32>, tensor<16xf32>",
                  f"    %z{i} = nn.relu %y{i} : tensor<8x16xf32>"]
        prev = f"%z{i}"
    lines += [f"    return {prev} : tensor<8x16xf32>", "  }", TRAIN, "}"]
    return "\n".join(lines) + "\n"


def unused(n):
    lines = ["module @scaling {"]
    lines += [f"  nn.parameter @p{i} : tensor<1xf32> init<zeros>"
              for i in range(n)]
    lines += ["  nn.parameter @k : tensor<4x4xf32> init<glorot_uniform>",
              "  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {",
              "    %k = nn.parameter_read @k : tensor<4x4xf32>",
              "    %0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x4xf32>",
              "    return %0 : tensor<2x4xf32>", "  }", TRAIN, "}"]
    return "\n".join(lines) + "\n"


def relus(n):
    lines = ["module @scaling {",
             "  nn.parameter @k : tensor<4x4xf32> init<glorot_uniform>",
             "  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {",
             "    %k = nn.parameter_read @k : tensor<4x4xf32>",
             "    %r0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x4xf32>"]
    for i in range(n):
        lines.append(f"    %r{i + 1} = nn.relu %r{i} : tensor<2x4xf32>")
    lines += [f"    return %r{n} : tensor<2x4xf32>", "  }", TRAIN, "}"]
    return "\n".join(lines) + "\n"


def big(n):
    elements = n << 16
    return "\n".join([
        "module @scaling {",
        f"  nn.parameter @big : tensor<{elements}xf32> init<zeros>",
        "  nn.parameter @k : tensor<4x4xf32> init<glorot_uniform>",
        "  func.func @forward(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {",
        "    %k = nn.parameter_read @k : tensor<4x4xf32>",
        "    %0 = nn.dense %x, %k : tensor<2x4xf32>, tensor<4x4xf32>",
        "    return %0 : tensor<2x4xf32>", "  }", TRAIN, "}"]) + "\n"


FAMILIES = {"dense": dense_chain, "unused": unused, "relus": relus,
            "big": big}


def compile_once(nncc, src, obj, timeout, memory_gb):
    """(seconds, peak RSS in MiB) of one compile; seconds is "timeout" past
    the timeout and "out-of-memory" when the compile fails beyond the
    address-space limit of `memory_gb` GiB (a compile that needs more would
    only push the machine into swap)."""
    limit = int(memory_gb * (1 << 30))

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    start = time.perf_counter()
    try:
        done = subprocess.run([nncc, str(src), "-o", str(obj)],
                              capture_output=True, timeout=timeout,
                              preexec_fn=cap)
    except subprocess.TimeoutExpired:
        return "timeout", None
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if done.returncode:
        return "out-of-memory", peak
    return seconds, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,300,1000,3000,10000")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--memory-gb", type=float, default=12,
                        help="address-space limit of one compile")
    parser.add_argument("--out", type=Path, default=ROOT / "build/bench")
    parser.add_argument("--nncc", default=str(ROOT / "build/bin/nncc"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    work = args.out / "scaling"
    work.mkdir(parents=True, exist_ok=True)

    rows = []
    for family in args.families.split(","):
        previous = None
        for n in sizes:
            src = work / f"{family}_{n}.mlir"
            src.write_text(FAMILIES[family](n))
            # A fresh process per row keeps ru_maxrss per compile honest.
            out = subprocess.run(
                [sys.executable, __file__, "--one", args.nncc, str(src),
                 str(work / f"{family}_{n}.o"), str(args.timeout),
                 str(args.memory_gb)],
                capture_output=True, text=True, check=True).stdout.split()
            failure = out[0] if out[0] in ("timeout", "out-of-memory") else None
            seconds = None if failure else float(out[0])
            rss = None if out[1] == "-" else float(out[1])
            k = None
            if seconds and previous and previous[1]:
                k = math.log(seconds / previous[1]) / math.log(n / previous[0])
            rows.append({"family": family, "size": n, "seconds": seconds,
                         "peak_rss_mib": rss, "exponent": k,
                         "failure": failure or ""})
            previous = (n, seconds)
            shown = failure or f"{seconds:.2f} s"
            print(f"{family:7} {n:6}: {shown}, "
                  f"{'-' if rss is None else f'{rss:.0f} MiB'}"
                  f"{'' if k is None else f', k = {k:.2f}'}", flush=True)
            if seconds is None:
                break

    with open(args.out / "scaling.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    md = ["Compile time (`nncc model.mlir -o model.o`) and peak memory by "
          "model size; k: time ~ size^k from the row before (1 = linear).",
          "", "| family | size | compile s | peak MiB | k |",
          "|---|---:|---:|---:|---:|"]
    def cell(value, fmt, missing):
        return missing if value is None else format(value, fmt)

    for r in rows:
        md.append(f"| {r['family']} | {r['size']} "
                  f"| {cell(r['seconds'], '.2f', r['failure'])} "
                  f"| {cell(r['peak_rss_mib'], '.0f', '-')} "
                  f"| {cell(r['exponent'], '.2f', '')} |")
    (args.out / "scaling.md").write_text("\n".join(md) + "\n")
    print("\n" + "\n".join(md))
    print(f"\nwrote {args.out}/scaling.md, scaling.csv")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        s, r = compile_once(sys.argv[2], sys.argv[3], sys.argv[4],
                            float(sys.argv[5]), float(sys.argv[6]))
        print(f"{s} {'-' if r is None else r}")
        sys.exit(0)
    sys.exit(main())
