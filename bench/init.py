"""Initialization time of a large orthogonal kernel: nncc's NAME_create
against PyTorch's torch.nn.init.orthogonal_, side by side in one run.

    bench/init.sh [--sizes 1024,2048,4096,8192] [--threads 1,2]
                  [--timeout S] [--out DIR]

For each size n: a model whose one parameter is an n x n kernel with
init<orthogonal> (its forward pass a dense layer) is compiled; the time of
one NAME_create (draw, QR, Q formed, on the instance's threads) is set
against torch.nn.init.orthogonal_ on an n x n float32 tensor with as many
threads (PyTorch 1.13 with Debian's OpenBLAS, OPENBLAS_CORETYPE=SkylakeX,
OPENBLAS_NUM_THREADS as the thread count). nncc computes in double,
PyTorch in float: the ratio is what a user waits, not equal work. Writes
init.md into DIR (default build/bench). A benchmark, not a test: nothing
asserts.
"""

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

TORCH = """
import sys, time, torch
n, threads = int(sys.argv[1]), int(sys.argv[2])
torch.set_num_threads(threads)
torch.manual_seed(1)
w = torch.empty(n, n)
start = time.perf_counter()
torch.nn.init.orthogonal_(w)
print(f"{time.perf_counter() - start:.3f}")
"""


def model(n):
    return f"""module @orth{n} {{
  nn.parameter @k : tensor<{n}x{n}xf32> init<orthogonal>
  func.func @forward(%x: tensor<1x{n}xf32>) -> tensor<1x{n}xf32> {{
    %k = nn.parameter_read @k : tensor<{n}x{n}xf32>
    %0 = nn.dense %x, %k : tensor<1x{n}xf32>, tensor<{n}x{n}xf32>
    return %0 : tensor<1x{n}xf32>
  }}
}}
"""


def build(n, work, nncc):
    name = f"orth{n}"
    source = work / f"{name}.mlir"
    source.write_text(model(n))
    subprocess.run([nncc, str(source), "-o", str(work / f"{name}.o")],
                   check=True)
    subprocess.run(["cc", "-O2", "-D_POSIX_C_SOURCE=200809L",
                    f"-DMODEL={name}", f"-DMODEL_UPPER={name.upper()}",
                    "-include", str(work / f"{name}.h"),
                    str(ROOT / "bench/nncc_bench.c"), str(work / f"{name}.o"),
                    "-lm", "-lpthread", "-o", str(work / name)], check=True)
    return work / name


def timed(command, env, timeout):
    try:
        out = subprocess.run(command, env=env, capture_output=True, text=True,
                             timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired:
        return None
    return float(out.strip().split("=")[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1024,2048,4096,8192")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--timeout", type=float, default=1200)
    parser.add_argument("--out", type=Path, default=ROOT / "build/bench")
    parser.add_argument("--nncc", default=str(ROOT / "build/bin/nncc"))
    args = parser.parse_args()
    work = args.out / "init"
    work.mkdir(parents=True, exist_ok=True)
    rows = ["| n | threads | nncc create s | PyTorch orthogonal_ s | "
            "PyTorch / nncc |", "|---:|---:|---:|---:|---:|"]
    for n in [int(s) for s in args.sizes.split(",")]:
        binary = build(n, work, args.nncc)
        for threads in [int(t) for t in args.threads.split(",")]:
            env = dict(os.environ, OPENBLAS_CORETYPE="SkylakeX",
                       OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
            ours = timed([str(binary), "create", "0", str(threads)], env,
                         args.timeout)
            peer = timed(["/usr/bin/python3", "-c", TORCH, str(n),
                          str(threads)], env, args.timeout)
            ratio = f"{peer / ours:.2f}" if ours and peer else "-"
            show = lambda t: f"{t:.2f}" if t is not None else "timeout"
            line = (f"| {n} | {threads} | {show(ours)} | {show(peer)} | "
                    f"{ratio} |")
            print(line, flush=True)
            rows.append(line)
    (args.out / "init.md").write_text("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
