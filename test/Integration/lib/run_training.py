#!/usr/bin/env python3
"""run_training.py MODEL OPTIMIZER STEPS WORKDIR --nncc PATH --src ROOT
    [--nncc-flag OPTION]...

Trains a seed model (examples/MODEL.mlir, its optimizer replaced by
OPTIMIZER: a key of OPTIMIZERS) for STEPS steps on one random batch
with nncc's compiled training API (train_model.c), and the same from the
same initial weights with the PyTorch oracle (train_oracle.py, float64).
Compares the losses, the first step's gradients and the final parameters
elementwise: |nncc - torch| <= 1e-4 |torch| + 1e-4 rms(torch tensor)
(relative 1e-4, with an absolute floor for entries near zero).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

import train_oracle  # noqa: E402

# name: (the model's optimizer attribute, the oracle's optimizer spec)
OPTIMIZERS = {
    "adam": ("#nn.adam<>", {"kind": "adam"}),
    "adam_weight_decay": ("#nn.adam<weight_decay = 1.000000e-02>",
                          {"kind": "adam", "weight_decay": 1e-2}),
    "sgd": ("#nn.sgd<learning_rate = 1.000000e-02>",
            {"kind": "sgd", "learning_rate": 0.01}),
    "sgd_momentum":
        ("#nn.sgd<learning_rate = 1.000000e-02, momentum = 9.000000e-01>",
         {"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9}),
    "sgd_nesterov_weight_decay":
        ("#nn.sgd<learning_rate = 1.000000e-02, momentum = 9.000000e-01, "
         "nesterov = true, weight_decay = 1.000000e-02>",
         {"kind": "sgd", "learning_rate": 0.01, "momentum": 0.9,
          "nesterov": True, "weight_decay": 1e-2}),
}
RTOL = 1e-4


def run(cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def compare(what, ours, theirs):
    theirs = np.asarray(theirs, np.float64)
    ours = np.asarray(ours, np.float64).reshape(theirs.shape)
    rms = float(np.sqrt(np.mean(theirs ** 2))) if theirs.size else 0.0
    err = np.abs(ours - theirs)
    bound = RTOL * np.abs(theirs) + RTOL * rms
    worst = float(np.max(err / np.maximum(np.abs(theirs), rms)))
    ok = bool(np.all(err <= bound))
    print(f"{'PASS' if ok else 'FAIL'} {what}: worst relative error "
          f"{worst:.2e}")
    return ok


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("model", choices=sorted(train_oracle.MODELS))
    parser.add_argument("optimizer", choices=sorted(OPTIMIZERS))
    parser.add_argument("steps", type=int)
    parser.add_argument("workdir")
    parser.add_argument("--nncc", required=True)
    parser.add_argument("--nncc-flag", action="append", default=[],
                        help="an option for nncc (repeatable)")
    parser.add_argument("--src", required=True)
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    stem = os.path.join(args.workdir, f"{args.model}_{args.optimizer}")

    # The model with the requested optimizer.
    with open(os.path.join(args.src, "examples", args.model + ".mlir")) as f:
        text = f.read()
    text = text.replace("optimizer = #nn.adam<>",
                        "optimizer = " + OPTIMIZERS[args.optimizer][0])
    with open(stem + ".mlir", "w") as f:
        f.write(text)

    # Glorot-like weights, small biases, pixels in [0, 1], labels.
    rng = np.random.default_rng(7)
    specs = train_oracle.MODELS[args.model].params
    params = []
    for name, shape in specs:
        if len(shape) == 1:
            params.append(rng.uniform(-0.1, 0.1, shape).astype(np.float32))
        else:
            fan = shape[-2] * int(np.prod(shape[:-2])) + shape[-1]
            limit = np.sqrt(6.0 / fan)
            params.append(rng.uniform(-limit, limit, shape).astype(np.float32))
    input_shape = train_oracle.MODELS[args.model].input_shape
    x = rng.uniform(0.0, 1.0, (32,) + tuple(input_shape)).astype(np.float32)
    classes = rng.integers(0, 10, 32)
    sparse = args.model == "seed_cnn"
    labels = classes.astype(np.int32) if sparse else \
        np.eye(10, dtype=np.float32)[classes]
    with open(stem + ".params.in", "wb") as f:
        for p in params:
            f.write(p.tobytes())
    x.tofile(stem + ".x.in")
    labels.tofile(stem + ".labels.in")

    run([args.nncc, *args.nncc_flag, stem + ".mlir", "-o", stem + ".o"])
    upper = args.model.upper()
    run(["cc", "-std=c99", "-O1", f"-DMODEL={args.model}",
         f"-DMODEL_UPPER={upper}", "-include", stem + ".h",
         os.path.join(HERE, "train_model.c"), stem + ".o", "-lm", "-o",
         stem + ".exe"])
    run([stem + ".exe", stem + ".params.in", stem + ".x.in",
         stem + ".labels.in", str(args.steps), stem])

    reference = train_oracle.train(
        args.model, params, x, classes if sparse else labels,
        OPTIMIZERS[args.optimizer][1], args.steps)
    sizes = [int(np.prod(shape)) for _, shape in specs]

    def split(path):
        flat = np.fromfile(path, np.float32)
        return np.split(flat, np.cumsum(sizes)[:-1])

    ok = compare("losses", np.fromfile(stem + ".losses.bin", np.float32),
                 reference["losses"])
    for (name, _), ours, theirs in zip(specs, split(stem + ".grads.bin"),
                                       reference["grads"]):
        ok &= compare(f"gradient of {name}", ours, theirs)
    for (name, _), ours, theirs in zip(specs, split(stem + ".params.bin"),
                                       reference["params"]):
        ok &= compare(f"{name} after {args.steps} steps", ours, theirs)
    print("losses:", " ".join(f"{v:.6f}" for v in reference["losses"]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
