"""The end-to-end cases, one module per op family.

Importing this package registers every family with registry.py, in the
order below. Each module builds its predict and gradient cases (and, for
the seed models, its training cases) from one oracle forward per op.

`CASES` and `materialize` are the predict cases by family and their data,
as test/gpu-check/build.py reads them.
"""

import registry

from . import (conv, pooling, dense, elementwise, activations,  # noqa: F401
               softmax,
               normalization, batch_norm_training, shape, recurrent, losses,
               seed_models)

CASES = registry.by_family("predict")
materialize = registry.materialize
