#!/usr/bin/env python3
"""test/gpu-check/build.py OUT --nncc PATH --src ROOT --cuda-lib PATH

Builds, on a machine without a GPU, everything the GPU check runs into the
folder OUT (see test/gpu-check/README.md):

- every predict case of the numerical tests (test/Integration/lib/cases/:
  each op family and both seed models) compiled with --target=cuda and
  linked with libnncc_cuda.a, plus its parameters and input, and the output
  the CPU target computes from them here (the reference);
- the seed models' training (3 Adam steps from the initializers' seed 1 on
  one random batch), compiled for both targets, with the CPU target's
  losses, first gradients and final parameters;
- benchmark executables (bench/nncc_bench.c) of both seed models at batch
  1, 32 and 128 for the GPU and, for the CPU column, for x86-64-v3 and
  x86-64-v4;
- bin/peak_cuda (bench/peak_cuda.cu, where nvcc is installed here): the
  card's copy bandwidth and FMA rate;
- compare (test/gpu-check/compare.c), run.sh, kernel_profile.py and
  bench/torch_peer.py.

The PTX of every GPU object is assembled with ptxas for sm_80 and sm_90
where a CUDA toolkit is installed. Prints one line per built case.
"""
import argparse
import os
import shutil
import stat
import subprocess
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LIB = os.path.join(ROOT, "test", "Integration", "lib")
sys.path.insert(0, LIB)

import numpy as np  # noqa: E402

import cases  # noqa: E402 - the package: CASES by family, materialize

sys.path.insert(0, os.path.join(ROOT, "bench"))
from bench import batch_variant  # noqa: E402 - the seed models at a batch

TRAIN_STEPS = 3
# GPU vs CPU target: each is within a case's tolerance of the f64 oracle,
# so their difference is within twice that.
PREDICT_FACTOR = 2.0
# Training after 3 Adam steps: the CPU target meets 1e-4 relative (with a
# 1e-4 rms floor) against the f64 oracle (train-seed-models.test).
TRAIN_RTOL, TRAIN_RMS = 2e-4, 2e-4
# The timing table's batches: train at 32 and 128, predict at 32 and 1.
BENCH_BATCHES = (1, 32, 128)


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    if result.returncode:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stdout}"
                         f"{result.stderr}")
    return result


def link(out, name, obj, source, cuda_lib=None, defines=()):
    cmd = ["cc", "-std=c99", "-O2", f"-DMODEL={name}",
           f"-DMODEL_UPPER={name.upper()}", *defines, "-include",
           obj[:-2] + ".h", source, obj]
    if cuda_lib:
        cmd.append(cuda_lib)
    run(cmd + ["-lm", "-o", out])


def ptxas_check(nncc, model, ptxas, work):
    for arch in ("sm_80", "sm_90"):
        ptx = os.path.join(work, f"check_{arch}.ptx")
        run([nncc, "--target=cuda", f"--gpu-arch={arch}", "--emit=ptx", model,
             "-o", ptx])
        run([ptxas, f"-arch={arch}", ptx, "-o", ptx + ".cubin"])


def build_benchmarks(args, name, work, binary):
    """bench/nncc_bench.c of `name` at every batch of BENCH_BATCHES, for the
    GPU and the CPU (x86-64-v3 and -v4): bin/bench_NAME_bB.{gpu,cpu_v3,cpu_v4}."""
    bench = os.path.join(ROOT, "bench", "nncc_bench.c")
    defines = ("-D_POSIX_C_SOURCE=200809L",)
    for batch in BENCH_BATCHES:
        variant = f"{name}_b{batch}"
        model = os.path.join(work, variant + ".mlir")
        with open(model, "w") as f:
            f.write(batch_variant(name, batch).replace(f"module @{name}",
                                                       f"module @{variant}"))
        for flavour, flags, lib in (
                ("gpu", ["--target=cuda"], args.cuda_lib),
                ("cpu_v3", ["--mcpu=x86-64-v3"], None),
                ("cpu_v4", ["--mcpu=x86-64-v4"], None)):
            obj = os.path.join(work, f"{variant}.{flavour}.o")
            run([args.nncc, *flags, model, "-o", obj])
            link(binary(f"bench_{variant}.{flavour}"), variant, obj, bench,
                 lib, defines)


def build_peak(out, nvcc):
    """bin/peak_cuda (bench/peak_cuda.cu): the card's copy bandwidth and FMA
    rate, the ceilings run.sh judges the kernels by. Needs nvcc here."""
    run([nvcc, "-O3", "-arch=sm_90", os.path.join(ROOT, "bench",
                                                   "peak_cuda.cu"),
         "-o", os.path.join(out, "bin", "peak_cuda")])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--nncc", required=True)
    parser.add_argument("--src", default=ROOT)
    parser.add_argument("--cuda-lib", required=True)
    parser.add_argument("--ptxas", default="/usr/local/cuda/bin/ptxas")
    parser.add_argument("--nvcc", default="/usr/local/cuda/bin/nvcc")
    args = parser.parse_args()

    out = os.path.abspath(args.out)
    shutil.rmtree(out, ignore_errors=True)
    for sub in ("bin", "data", "work"):
        os.makedirs(os.path.join(out, sub))
    work = os.path.join(out, "work")
    binary = lambda name: os.path.join(out, "bin", name)  # noqa: E731
    data = lambda name: os.path.join(out, "data", name)  # noqa: E731
    check_model = os.path.join(HERE, "check_model.c")
    ptxas = args.ptxas if os.access(args.ptxas, os.X_OK) else None
    run(["cc", "-std=c99", "-O2", os.path.join(HERE, "compare.c"), "-lm",
         "-o", binary("compare")])

    # Predict: every case, GPU binary + CPU reference output.
    lines = []
    for family in sorted(cases.CASES):
        for case in cases.CASES[family]:
            if not case.gpu:
                continue
            seed = zlib.crc32(case.name.encode())
            text, params, x, _ = cases.materialize(case, seed)
            model = os.path.join(args.src, case.model_file) \
                if case.model_file else os.path.join(work, case.name + ".mlir")
            if text is not None:
                with open(model, "w") as f:
                    f.write(text)
            dtype = np.float64 if case.dtype == "f64" else np.float32
            with open(data(case.name + ".params.bin"), "wb") as f:
                for p in params:
                    f.write(np.ascontiguousarray(p, dtype).tobytes())
            np.ascontiguousarray(x, dtype).tofile(data(case.name +
                                                       ".input.bin"))
            for target in ("cpu", "cuda"):
                obj = os.path.join(work, f"{case.name}.{target}.o")
                run([args.nncc, f"--target={target}", model, "--name",
                     case.name, "-o", obj])
                link(binary(f"{case.name}.{target}"), case.name, obj,
                     check_model,
                     args.cuda_lib if target == "cuda" else None)
            if ptxas:
                ptxas_check(args.nncc, model, ptxas, work)
            run([binary(case.name + ".cpu"), "predict",
                 data(case.name + ".params.bin"),
                 data(case.name + ".input.bin"), data(case.name + ".cpu")])
            os.remove(binary(case.name + ".cpu"))
            lines.append(f"{case.name}\t{'f64' if case.dtype == 'f64' else 'f32'}"
                         f"\t{PREDICT_FACTOR * case.rtol!r}"
                         f"\t{PREDICT_FACTOR * case.atol!r}")
            print(f"built {family}/{case.name}", flush=True)
    with open(os.path.join(out, "cases.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")

    # Training and benchmarks of the seed models.
    rng = np.random.default_rng(7)
    for name in ("seed_cnn", "seed_lstm"):
        model = os.path.join(args.src, "examples", name + ".mlir")
        shape = (32, 28, 28, 1) if name == "seed_cnn" else (32, 28, 28)
        rng.uniform(0.0, 1.0, shape).astype(np.float32).tofile(
            data(name + ".x.bin"))
        classes = rng.integers(0, 10, 32)
        labels = classes.astype(np.int32) if name == "seed_cnn" else \
            np.eye(10, dtype=np.float32)[classes]
        labels.tofile(data(name + ".labels.bin"))
        for target in ("cpu", "cuda"):
            obj = os.path.join(work, f"{name}.{target}.o")
            run([args.nncc, f"--target={target}", model, "-o", obj])
            link(binary(f"{name}.train.{target}"), name, obj, check_model,
                 args.cuda_lib if target == "cuda" else None)
        if ptxas:
            ptxas_check(args.nncc, model, ptxas, work)
        run([binary(name + ".train.cpu"), "train", data(name + ".x.bin"),
             data(name + ".labels.bin"), str(TRAIN_STEPS),
             data(name + ".cpu")])
        os.remove(binary(name + ".train.cpu"))
        build_benchmarks(args, name, work, binary)
        print(f"built training and benchmarks of {name}", flush=True)

    with open(os.path.join(out, "train.tsv"), "w") as f:
        f.write(f"steps\t{TRAIN_STEPS}\nrtol\t{TRAIN_RTOL!r}\n"
                f"rms\t{TRAIN_RMS!r}\n")
    nvcc = os.access(args.nvcc, os.X_OK)
    if nvcc:
        build_peak(out, args.nvcc)
    shutil.copy(os.path.join(ROOT, "bench", "torch_peer.py"), out)
    shutil.copy(os.path.join(HERE, "kernel_profile.py"), out)
    shutil.copy(os.path.join(HERE, "run.sh"), out)
    os.chmod(os.path.join(out, "run.sh"),
             os.stat(os.path.join(out, "run.sh")).st_mode | stat.S_IXUSR)
    shutil.rmtree(work)
    print(f"GPU check built in {out}"
          + ("" if ptxas else " (no ptxas here: PTX not assembled)")
          + ("" if nvcc else " (no nvcc here: no bin/peak_cuda)"))


if __name__ == "__main__":
    main()
