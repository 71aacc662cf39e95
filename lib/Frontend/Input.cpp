//===- Input.cpp - reading a model file within nncc's limits ----*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The limits of Input.h. The scan is one pass over the text, a subset of
// the MLIR lexer: comments (`//` to the end of the line) and string
// literals (with `\` escapes) are skipped; `->` is an arrow, not a closing
// angle bracket; a numeric literal is a run of digits, `.`, exponents with
// their sign, or a `0x` hexadecimal run.
//
//===----------------------------------------------------------------------===//

#include "nncc/Frontend/Input.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"

using namespace mlir;
using namespace mlir::nncc;

std::unique_ptr<llvm::MemoryBuffer> nncc::readInputFile(StringRef path,
                                                        std::string &error) {
  if (path == "-") {
    // Standard input has no size to check first: read at most one byte
    // past the limit (`cat /dev/zero | nncc -` must end).
    std::string text;
    char chunk[1 << 16];
    while (text.size() <= kMaxInputBytes) {
      llvm::Expected<size_t> n = llvm::sys::fs::readNativeFile(
          llvm::sys::fs::getStdinHandle(), llvm::MutableArrayRef(chunk));
      if (!n) {
        error = llvm::toString(n.takeError());
        return nullptr;
      }
      if (*n == 0)
        return llvm::MemoryBuffer::getMemBufferCopy(text, "<stdin>");
      text.append(chunk, *n);
    }
    error = "standard input is larger than nncc's limit of " +
            std::to_string(kMaxInputBytes) + " bytes (256 MiB)";
    return nullptr;
  }
  llvm::sys::fs::file_status status;
  if (std::error_code ec = llvm::sys::fs::status(path, status)) {
    error = ec.message();
    return nullptr;
  }
  if (status.type() != llvm::sys::fs::file_type::regular_file) {
    error = status.type() == llvm::sys::fs::file_type::directory_file
                ? "it is a directory"
                : "it is not a regular file";
    return nullptr;
  }
  if (status.getSize() > kMaxInputBytes) {
    error = "it has " + std::to_string(status.getSize()) +
            " bytes, more than nncc's limit of " +
            std::to_string(kMaxInputBytes) + " (256 MiB)";
    return nullptr;
  }
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/true);
  if (!buffer) {
    error = buffer.getError().message();
    return nullptr;
  }
  // The file may have grown since it was looked at.
  if ((*buffer)->getBufferSize() > kMaxInputBytes) {
    error = "it is larger than " + std::to_string(kMaxInputBytes) + " bytes";
    return nullptr;
  }
  return std::move(*buffer);
}

/// Whether `c` continues an identifier (a digit after it is no literal:
/// `%arg0`, the `3` of `2x3xf32`).
static bool isIdentifierChar(char c) {
  return llvm::isAlnum(c) || c == '_' || c == '$' || c == '.';
}

std::optional<TextLimitViolation> nncc::findTextLimitViolation(StringRef text) {
  unsigned depth = 0;
  size_t i = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      size_t end = text.find('\n', i);
      i = end == StringRef::npos ? n : end + 1;
      continue;
    }
    if (c == '"') {
      for (++i; i < n && text[i] != '"' && text[i] != '\n'; ++i)
        if (text[i] == '\\')
          ++i;
      ++i;
      continue;
    }
    if (c == '(' || c == '[' || c == '{' || c == '<') {
      if (++depth > kMaxNestingDepth)
        return TextLimitViolation{
            i, "(), [], {} and <> nested deeper than nncc's limit of " +
                   std::to_string(kMaxNestingDepth) + " levels"};
      ++i;
      continue;
    }
    if (c == ')' || c == ']' || c == '}' ||
        (c == '>' && (i == 0 || text[i - 1] != '-'))) {
      if (depth)
        --depth;
      ++i;
      continue;
    }
    if (llvm::isDigit(c) && (i == 0 || !isIdentifierChar(text[i - 1]))) {
      size_t start = i;
      if (c == '0' && i + 1 < n && text[i + 1] == 'x') {
        for (i += 2; i < n && llvm::isHexDigit(text[i]); ++i)
          ;
      } else {
        for (; i < n; ++i) {
          char d = text[i];
          bool sign = (d == '+' || d == '-') &&
                      (text[i - 1] == 'e' || text[i - 1] == 'E');
          if (!llvm::isDigit(d) && d != '.' && d != 'e' && d != 'E' && !sign)
            break;
        }
      }
      if (i - start > kMaxNumberLength)
        return TextLimitViolation{
            start, "a numeric literal of " + std::to_string(i - start) +
                       " characters, longer than nncc's limit of " +
                       std::to_string(kMaxNumberLength)};
      continue;
    }
    ++i;
  }
  return std::nullopt;
}
