"""The configurations the end-to-end cases run under.

A configuration is the nncc options every case of a run is compiled with;
the C drivers, the data and the tolerances are the same in all of them.

* cpu: the default target, no extra option;
* cuda-emulated: the CUDA target's kernels (nncc-map-to-gpu) run as host
  loops over their grid and blocks in a CPU object (--emulate-gpu), so that
  the GPU mapping is checked on machines without a GPU;
* cuda-emulated-reverse: the same with blocks and threads run last to first
  (--emulate-gpu-reverse), which changes the results of racy kernels.
"""

from dataclasses import dataclass
from typing import Tuple


@dataclass(frozen=True)
class Config:
    name: str
    nncc_flags: Tuple[str, ...]


CONFIGS = {c.name: c for c in (
    Config("cpu", ()),
    Config("cuda-emulated", ("--target=cuda", "--emulate-gpu")),
    Config("cuda-emulated-reverse",
           ("--target=cuda", "--emulate-gpu", "--emulate-gpu-reverse")),
)}
