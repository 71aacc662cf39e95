//===- CNames.h - names that become C identifiers or comments ---*- C++ -*-===//
//
// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
//
//===----------------------------------------------------------------------===//
//
// The model's name prefixes every declaration of the generated header
// (`typedef struct NAME NAME;`, `NAME_create`, `NAME_BATCH`) and every
// exported symbol; parameter names appear in the header's comments and in
// the object's string table. These checks keep both from being able to
// inject C, collide with the runtime or break the user's program.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_CNAMES_H
#define NNCC_TARGET_CNAMES_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir::nncc {

/// The longest model name (it prefixes every symbol) and parameter name
/// nncc accepts, in bytes (docs/Limits.md).
constexpr size_t kMaxModelNameLength = 128;
constexpr size_t kMaxParameterNameLength = 255;

/// Why `name` cannot name a model, or nullopt when it can: it must be a C
/// identifier of at most kMaxModelNameLength bytes that is not a C or C++
/// keyword, not reserved to the implementation (`_X...`, `__...`), not a
/// name the C library or the generated header's includes declare (`main`,
/// `free`, `NULL`, `int64_t`, ...), and not in the runtime's namespace
/// (`nncc`, `nncc_...`).
std::optional<std::string> whyNotModelName(StringRef name);

/// Why `name` cannot name a parameter, or nullopt when it can: 1 to
/// kMaxParameterNameLength printable ASCII characters, without `"`, `\`,
/// `/*` or `*/` (it is printed inside C comments).
std::optional<std::string> whyNotParameterName(StringRef name);

} // namespace mlir::nncc

#endif // NNCC_TARGET_CNAMES_H
