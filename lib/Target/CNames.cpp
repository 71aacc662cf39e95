//===- CNames.cpp - names that become C identifiers or comments -*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The reserved words: C11/C23 and C++20 keywords and alternative tokens,
// the identifiers <stdint.h> and <stddef.h> (included by every generated
// header) define, and the functions and macros of the C library headers a
// program that uses a model is likely to include (<stdlib.h>, <stdio.h>,
// <string.h>, <math.h>, <pthread.h> basics). A model named like one of them
// would declare `typedef struct free free;` next to the user's `free`.
//
//===----------------------------------------------------------------------===//

#include "nncc/Target/CNames.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::nncc;

static const llvm::StringSet<> &reservedWords() {
  static const llvm::StringSet<> words = {
      // C keywords (C11, C23).
      "auto",
      "break",
      "case",
      "char",
      "const",
      "continue",
      "default",
      "do",
      "double",
      "else",
      "enum",
      "extern",
      "float",
      "for",
      "goto",
      "if",
      "inline",
      "int",
      "long",
      "register",
      "restrict",
      "return",
      "short",
      "signed",
      "sizeof",
      "static",
      "struct",
      "switch",
      "typedef",
      "union",
      "unsigned",
      "void",
      "volatile",
      "while",
      "alignas",
      "alignof",
      "bool",
      "constexpr",
      "false",
      "nullptr",
      "static_assert",
      "thread_local",
      "true",
      "typeof",
      "typeof_unqual",
      // C++ keywords and alternative tokens (the header is usable from C++).
      "asm",
      "catch",
      "char8_t",
      "char16_t",
      "char32_t",
      "class",
      "concept",
      "consteval",
      "constinit",
      "const_cast",
      "co_await",
      "co_return",
      "co_yield",
      "decltype",
      "delete",
      "dynamic_cast",
      "explicit",
      "export",
      "friend",
      "mutable",
      "namespace",
      "new",
      "noexcept",
      "operator",
      "private",
      "protected",
      "public",
      "reinterpret_cast",
      "requires",
      "static_cast",
      "template",
      "this",
      "throw",
      "try",
      "typeid",
      "typename",
      "using",
      "virtual",
      "wchar_t",
      "and",
      "and_eq",
      "bitand",
      "bitor",
      "compl",
      "not",
      "not_eq",
      "or",
      "or_eq",
      "xor",
      "xor_eq",
      "std",
      // <stddef.h>, <stdint.h>.
      "NULL",
      "offsetof",
      "size_t",
      "ptrdiff_t",
      "max_align_t",
      "int8_t",
      "int16_t",
      "int32_t",
      "int64_t",
      "uint8_t",
      "uint16_t",
      "uint32_t",
      "uint64_t",
      "intptr_t",
      "uintptr_t",
      "intmax_t",
      "uintmax_t",
      // <stdlib.h>.
      "main",
      "malloc",
      "calloc",
      "realloc",
      "free",
      "aligned_alloc",
      "abort",
      "exit",
      "atexit",
      "quick_exit",
      "getenv",
      "system",
      "abs",
      "labs",
      "llabs",
      "div",
      "ldiv",
      "atoi",
      "atol",
      "atof",
      "strtol",
      "strtod",
      "strtof",
      "rand",
      "srand",
      "qsort",
      "bsearch",
      "posix_memalign",
      // <stdio.h>.
      "FILE",
      "EOF",
      "stdin",
      "stdout",
      "stderr",
      "printf",
      "fprintf",
      "sprintf",
      "snprintf",
      "puts",
      "fputs",
      "fopen",
      "fclose",
      "fread",
      "fwrite",
      "fflush",
      "remove",
      "rename",
      "perror",
      "getchar",
      "putchar",
      // <string.h>.
      "memcpy",
      "memmove",
      "memset",
      "memcmp",
      "strlen",
      "strcmp",
      "strcpy",
      "strncpy",
      "strcat",
      "strchr",
      "strstr",
      "strerror",
      "strdup",
      // <math.h>.
      "exp",
      "expf",
      "log",
      "logf",
      "pow",
      "powf",
      "sqrt",
      "sqrtf",
      "tanh",
      "tanhf",
      "sin",
      "cos",
      "tan",
      "fabs",
      "floor",
      "ceil",
      "round",
      "fmin",
      "fmax",
      "fma",
      "erf",
      "INFINITY",
      "NAN",
      "HUGE_VAL",
      // <errno.h>, <assert.h>, <signal.h>, <time.h>, <pthread.h>.
      "errno",
      "assert",
      "signal",
      "raise",
      "time",
      "clock",
      "pthread_create",
      "pthread_join",
  };
  return words;
}

/// Why `name` is empty or longer than `max` characters, if it is.
static std::optional<std::string> whyNotLength(StringRef name, size_t max) {
  if (name.empty())
    return std::string("it is empty");
  if (name.size() > max)
    return "it has " + std::to_string(name.size()) + " characters (at most " +
           std::to_string(max) + ")";
  return std::nullopt;
}

std::optional<std::string> nncc::whyNotModelName(StringRef name) {
  if (std::optional<std::string> why = whyNotLength(name, kMaxModelNameLength))
    return why;
  if (llvm::isDigit(name.front()) ||
      !llvm::all_of(name, [](char c) { return llvm::isAlnum(c) || c == '_'; }))
    return std::string("it is not a C identifier (letters, digits and _, "
                       "not starting with a digit)");
  if (name.starts_with("__") ||
      (name.size() > 1 && name[0] == '_' && llvm::isUpper(name[1])))
    return std::string("C reserves identifiers that begin with __ or _ and "
                       "an uppercase letter");
  if (name == "nncc" || name.starts_with("nncc_"))
    return std::string("names beginning with nncc are the runtime's");
  if (reservedWords().contains(name))
    return std::string("it is a C or C++ keyword or a name the C library "
                       "declares");
  return std::nullopt;
}

std::optional<std::string> nncc::whyNotParameterName(StringRef name) {
  if (std::optional<std::string> why =
          whyNotLength(name, kMaxParameterNameLength))
    return why;
  for (char c : name)
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
      return std::string("it holds a character other than printable ASCII "
                         "(or \" or \\)");
  if (name.contains("/*") || name.contains("*/"))
    return std::string("it holds /* or */");
  return std::nullopt;
}
