"""The PyTorch side of bench/bench.py: times the seed models in torch.

    python3 bench/torch_peer.py MODEL MODE BATCH THREADS SECONDS [DEVICE]
    python3 bench/torch_peer.py rows MODEL:MODE:BATCH,... THREADS SECONDS DEVICE

MODEL is seed_cnn or seed_lstm (the same layers as examples/*.mlir, in
torch.nn's native layouts), MODE train (one torch.optim.Adam step with the
model's loss) or predict (softmax probabilities under torch.inference_mode).
Both eager execution and torch.jit.trace are timed; prints one JSON line
with the fastest by median, e.g. {"ms": 15.2, "p90_ms": 16.1, "mode":
"trace", "maxrss_kb": 301232}.
Run it with OPENBLAS_CORETYPE=SkylakeX OPENBLAS_NUM_THREADS=THREADS (see
bench.py); it sets torch's intra-op threads to THREADS. DEVICE is cpu
(default) or cuda (test/gpu-check/run.sh): model and data live on the GPU, and
each timed step ends with torch.cuda.synchronize(). The `rows` form times
several rows in one process (one import and one CUDA start for all of them,
test/gpu-check/run.sh) and prints one JSON line per row, with its "row".
"""

import json
import resource
import statistics
import sys
import time

import torch
from torch import nn


class LSTMClassifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(28, 64, num_layers=3, batch_first=True)
        self.dense = nn.Linear(64, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.dense(out[:, -1])


def build(name, batch):
    """The model, one input batch and its targets."""
    if name == "seed_cnn":
        model = nn.Sequential(
            nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
            nn.Linear(1600, 64), nn.ReLU(), nn.Linear(64, 10))
        x = torch.rand(batch, 1, 28, 28)
        y = torch.randint(0, 10, (batch,))
    elif name == "seed_lstm":
        model = LSTMClassifier()
        x = torch.rand(batch, 28, 28)
        # Categorical cross-entropy on one-hot targets, as the nncc model.
        y = nn.functional.one_hot(torch.randint(0, 10, (batch,)), 10).float()
    else:
        raise SystemExit(f"unknown model {name}")
    return model, x, y


def time_ms(fn, seconds, device="cpu"):
    """(median, 90th percentile) of a call of `fn`, in ms."""
    if device == "cuda":
        inner = fn

        def fn():
            inner()
            torch.cuda.synchronize()
    for _ in range(3):
        fn()
    times = []
    start = time.perf_counter()
    while len(times) < 10 or time.perf_counter() - start < seconds:
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    times.sort()
    return 1e3 * statistics.median(times), 1e3 * times[len(times) * 9 // 10]


def time_mode(name, mode, batch, seconds, traced, device="cpu"):
    torch.manual_seed(0)
    model, x, y = build(name, batch)
    model, x, y = model.to(device), x.to(device), y.to(device)
    if mode == "predict":
        model.eval()
        net = torch.jit.trace(model, x) if traced else model

        def step():
            with torch.inference_mode():
                torch.softmax(net(x), dim=1)
    else:
        net = torch.jit.trace(model, x) if traced else model
        loss_fn = nn.CrossEntropyLoss()
        opt = torch.optim.Adam(model.parameters(), lr=1e-5)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
    return time_ms(step, seconds, device)


def time_row(name, mode, batch, seconds, device):
    """The faster of eager and traced execution of one row."""
    results = {m: time_mode(name, mode, batch, seconds, m == "trace", device)
               for m in ("eager", "trace")}
    best = min(results, key=lambda m: results[m][0])
    return {
        "ms": results[best][0], "p90_ms": results[best][1], "mode": best,
        "eager_ms": results["eager"][0], "trace_ms": results["trace"][0],
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}


def main():
    if sys.argv[1] == "rows":
        rows, threads, seconds, device = sys.argv[2:6]
        torch.set_num_threads(int(threads))
        for row in rows.split(","):
            name, mode, batch = row.split(":")
            result = time_row(name, mode, int(batch), float(seconds), device)
            print(json.dumps({"row": row, **result}), flush=True)
        return
    name, mode, batch, threads, seconds = sys.argv[1:6]
    device = sys.argv[6] if len(sys.argv) > 6 else "cpu"
    torch.set_num_threads(int(threads))
    print(json.dumps(time_row(name, mode, int(batch), float(seconds),
                              device)))


if __name__ == "__main__":
    main()
