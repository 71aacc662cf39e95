//===- Input.h - reading a model file within nncc's limits ------*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// What every frontend does before parsing: read the input only if it is a
// regular file (or standard input) of at most kMaxInputBytes, and, for MLIR
// text, refuse nesting and literals deep or long enough to exhaust the
// parser's stack or time (docs/Limits.md). The parser is recursive: a
// bracket nested 10,000 deep overflows any thread's stack, and a float
// literal of 40,000 digits overflowed a buffer in the float conversion.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_FRONTEND_INPUT_H
#define NNCC_FRONTEND_INPUT_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace mlir::nncc {

/// The largest input nncc reads: 256 MiB.
constexpr uint64_t kMaxInputBytes = uint64_t(256) << 20;
/// The deepest nesting of (), [], {} and <> in MLIR text.
constexpr unsigned kMaxNestingDepth = 256;
/// The longest numeric literal in MLIR text, in characters.
constexpr size_t kMaxNumberLength = 256;

/// Reads `path` ('-': standard input). Fails, setting `error`, when it
/// cannot be opened, is not a regular file (a directory, a device such as
/// /dev/zero, a FIFO) or is larger than kMaxInputBytes.
std::unique_ptr<llvm::MemoryBuffer> readInputFile(StringRef path,
                                                  std::string &error);

/// A place in MLIR text that breaks a limit: its byte offset and why.
struct TextLimitViolation {
  size_t offset;
  std::string message;
};

/// The first place in MLIR `text` nested deeper than kMaxNestingDepth or
/// with a numeric literal longer than kMaxNumberLength, or nullopt. Strings
/// and comments are skipped as the MLIR lexer skips them.
std::optional<TextLimitViolation> findTextLimitViolation(StringRef text);

} // namespace mlir::nncc

#endif // NNCC_FRONTEND_INPUT_H
