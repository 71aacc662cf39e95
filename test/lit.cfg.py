# -*- Python -*-
# lit configuration of nncc's regression tests (check-nncc).

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "NNCC"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "lib", "gpu-check", "__pycache__", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]

config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nncc_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%nncc_src_root", config.nncc_src_root))
config.substitutions.append(("%nncc_obj_root", config.nncc_obj_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.nncc_tools_dir, config.llvm_tools_dir]
tools = [
    "nncc",
    "nncc-opt",
    "not",
    "count",
    "split-file",
    "llvm-dis",
    "llvm-nm",
    ToolSubst("%python", config.python_executable, unresolved="ignore"),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# `%expect-exit CODE cmd ...` checks an exact exit status.
config.substitutions.append(
    ("%expect-exit",
     "%s %s" % (config.python_executable,
                os.path.join(config.nncc_src_root, "utils", "expect-exit.py"))))

# clang-format of the LLVM the project builds with (scripts/setup.sh installs
# it): the formatting test must not depend on whichever version is first on
# PATH.
config.substitutions.append(
    ("%clang_format", os.path.join(config.llvm_tools_dir, "clang-format")))

# Debian's dataset-fashion-mnist (installed by scripts/setup.sh).
if os.path.exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"):
    config.available_features.add("fashion-mnist")

# The CUDA target's runtime archive, and ptxas where a CUDA toolkit is
# installed: the PTX tests assemble what nncc emits (unsupported without).
config.substitutions.append(
    ("%libnncc_cuda", os.path.join(config.nncc_obj_root, "lib", "libnncc_cuda.a")))
ptxas = os.environ.get("NNCC_PTXAS", "/usr/local/cuda/bin/ptxas")
if os.access(ptxas, os.X_OK):
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))

# The end-to-end harness (test/Integration/lib/run.py) with this build's
# nncc: `%e2e --config CONFIG --kind predict|grad|train|threads [--family FAMILY]
# [--only CASE]... WORKDIR` checks cases of test/Integration/lib/cases/
# against the PyTorch oracles and prints "N passed, N failed".
config.substitutions.append(
    ("%e2e",
     "%s %s --nncc %s --src %s" % (
         config.python_executable,
         os.path.join(config.nncc_src_root, "test", "Integration", "lib",
                      "run.py"),
         os.path.join(config.nncc_obj_root, "bin", "nncc"),
         config.nncc_src_root)))
