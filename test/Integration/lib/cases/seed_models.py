"""The seed models of examples/ (seed_cnn.mlir, seed_lstm.mlir): their
predictions against oracle.py's layers, and their training with each
optimizer of registry.OPTIMIZERS against train_oracle.py."""

import numpy as np

import oracle
from registry import Case, Param, ThreadsCase, TrainCase, register


def seed_cnn(x, k1, b1, k2, b2, k3, b3, k4, b4):
    """The seed CNN's probabilities."""
    y = oracle.max_pool2d(oracle.relu(oracle.conv2d(x, k1, b1)))
    y = oracle.max_pool2d(oracle.relu(oracle.conv2d(y, k2, b2)))
    y = oracle.relu(oracle.dense(oracle.flatten(y), k3, b3))
    return oracle.softmax(oracle.dense(y, k4, b4))


def seed_lstm(x, k1, r1, b1, k2, r2, b2, k3, r3, b3, kd, bd):
    """The seed LSTM's probabilities."""
    y = oracle.lstm(x, k1, r1, b1, return_sequences=True)
    y = oracle.lstm(y, k2, r2, b2, return_sequences=True)
    y = oracle.lstm(y, k3, r3, b3)
    return oracle.softmax(oracle.dense(y, kd, bd))


def _glorot(name, shape):
    limit = float(np.sqrt(6.0 / (shape[-2] + shape[-1]) /
                          (np.prod(shape[:-2]) if len(shape) > 2 else 1)))
    return Param(name, shape, -limit, limit)


PREDICT = [
    # Probabilities after six layers: rtol 1e-5 holds (errors ~4e-7).
    Case("seed_cnn", (32, 28, 28, 1),
         [_glorot("k1", (3, 3, 1, 32)), Param("b1", (32,), -0.1, 0.1),
          _glorot("k2", (3, 3, 32, 64)), Param("b2", (64,), -0.1, 0.1),
          _glorot("k3", (1600, 64)), Param("b3", (64,), -0.1, 0.1),
          _glorot("k4", (64, 10)), Param("b4", (10,), -0.1, 0.1)],
         "", seed_cnn, input_range=(0.0, 1.0),
         model_file="examples/seed_cnn.mlir"),
    # 84 recurrent steps through three layers: still within rtol 1e-5
    # (errors ~2e-7 relative).
    Case("seed_lstm", (32, 28, 28),
         [_glorot("k1", (28, 256)), _glorot("r1", (64, 256)),
          Param("b1", (256,), -0.1, 0.1),
          _glorot("k2", (64, 256)), _glorot("r2", (64, 256)),
          Param("b2", (256,), -0.1, 0.1),
          _glorot("k3", (64, 256)), _glorot("r3", (64, 256)),
          Param("b3", (256,), -0.1, 0.1),
          _glorot("kd", (64, 10)), Param("bd", (10,), -0.1, 0.1)],
         "", seed_lstm, input_range=(0.0, 1.0),
         model_file="examples/seed_lstm.mlir"),
]

# 3 steps from the same weights and batch as the oracle. Adam and SGD with
# momentum for both; Nesterov momentum with L2 weight decay and plain SGD
# for the CNN; Adam with weight decay for the LSTM.
TRAIN = [TrainCase(f"{model}_{optimizer}", model, optimizer, steps=3)
         for model, optimizer in (
             ("seed_cnn", "adam"), ("seed_cnn", "sgd_momentum"),
             ("seed_lstm", "adam"), ("seed_lstm", "sgd_momentum"),
             ("seed_cnn", "sgd_nesterov_weight_decay"), ("seed_cnn", "sgd"),
             ("seed_lstm", "adam_weight_decay"))]

# Both seed models at 1, 2, 3 and 7 threads: predict, gradients, one step.
THREADS = [ThreadsCase("t_" + case.name, case, None, case.name)
           for case in PREDICT]

register("seed_models", predict=PREDICT, train=TRAIN, threads=THREADS)
