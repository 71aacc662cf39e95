#!/usr/bin/env bash
# scripts/setup.sh - install everything nncc needs to build and test, from
# Debian's packages. Idempotent: packages already present are skipped, and
# `apt-get update` runs once, only when something is missing.
set -euo pipefail

PACKAGES=(
  # Toolchain: LLVM/MLIR 22 and the build tools.
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  libfmt-dev cmake ninja-build
  # The suite checks the sources' formatting (test/lint).
  clang-format-22
  # libFuzzer and the sanitizers' runtimes (scripts/fuzz.sh).
  libclang-rt-22-dev
  # Tests: lit runs under the system python; a C compiler builds the
  # end-to-end test programs (C and C++); PyTorch and NumPy are the
  # numerical oracle; nm (binutils) checks the symbols of objects.
  python3 python3-numpy python3-torch libopenblas0-pthread gcc g++ binutils libc6-dev
  # The main job trains on Fashion-MNIST.
  dataset-fashion-mnist
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
