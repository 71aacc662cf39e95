#!/usr/bin/env python3
"""check-file-headers.py [--fix] ROOT - every C, C++ and TableGen source opens
with the LLVM banner on one line of 80 columns, the SPDX line and a purpose
paragraph (the house style, CIRCT's LowerComb.cpp):

    //===- Name.cpp - what it is ----------------------------*- C++ -*-===//
    //
    // SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception
    //
    //===----------------------------------------------------------------------===//
    //
    // What the file does, in a few lines.
    //
    //===----------------------------------------------------------------------===//

C files use the same shape in /* */ comments. With --fix, banners of the
wrong width (or wrapped onto a second line) are re-padded; everything else is
reported. Exits 1 when anything is left to report.
"""

import os
import re
import sys

SOURCE_DIRS = ["include", "lib", "tools", "runtime", "test", "bench", "examples"]
SUFFIXES = (".cpp", ".h", ".c", ".td")
WIDTH = 80

BANNER = re.compile(
    r"^(?P<open>//|/\*)===- (?P<name>\S+) - (?P<desc>.*?)\s*-*"
    r"(?P<mode>\*- (?:C\+\+|C|tablegen) -\*-)?-*===(?P<close>//|\*/|\*)?$")
# A banner that a formatter wrapped after its mode marker, and its tail.
WRAPPED_HEAD = re.compile(
    r"^(?P<open>//)===- (?P<name>\S+) - (?P<desc>.*?)\s*-*"
    r"(?P<mode>\*- C\+\+)?(?P<close>)$")
# The tail of a banner that a formatter wrapped onto the next line.
WRAPPED_TAIL = re.compile(r"^//\s*-*\*?-?\*?-*===//$")
SEPARATOR = re.compile(r"^\s?(//|/\*|\*)?\s?\*?===-{10,}===(//|\*/|\*)?$")


def language(path):
    if path.endswith(".td"):
        return "tablegen"
    if path.endswith(".c") or (path.endswith(".h") and "/runtime/" in path):
        return "C"
    return "C++"


def make_banner(path, match):
    open_, close = match["open"], match["close"] or ("//" if match["open"] == "//" else "*/")
    head = f"{open_}===- {match['name']} - {match['desc']} "
    for mode in (f"*- {language(path)} -*-", ""):
        tail = (mode or "-") + "===" + close
        if len(head) + len(tail) + (0 if mode else 0) <= WIDTH:
            return head + "-" * (WIDTH - len(head) - len(tail)) + tail
    return None


def check(path, fix):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    problems = []
    match = BANNER.match(lines[0])
    if not match and len(lines) > 1 and WRAPPED_TAIL.match(lines[1]):
        match = WRAPPED_HEAD.match(lines[0])
    if not match:
        return [f"{path}:1: expected the LLVM banner '//===- NAME - what it is ---*- C++ -*-===//'"]
    if match["name"] != os.path.basename(path):
        problems.append(f"{path}:1: the banner names '{match['name']}', not the file")
    changed = False
    if len(lines) > 1 and WRAPPED_TAIL.match(lines[1]):
        if fix:
            del lines[1]
            changed = True
        else:
            problems.append(f"{path}:1: the banner is wrapped onto line 2")
    if len(lines[0]) != WIDTH:
        banner = make_banner(path, match)
        if banner is None:
            problems.append(f"{path}:1: the banner's description is too long for {WIDTH} columns")
        elif fix:
            lines[0] = banner
            changed = True
        else:
            problems.append(f"{path}:1: the banner is {len(lines[0])} columns, not {WIDTH}")
    head = lines[:60]
    if not any("SPDX-License-Identifier" in line for line in head[:6]):
        problems.append(f"{path}:3: expected the SPDX-License-Identifier line")
    # The purpose paragraph: the comment lines with words between the SPDX
    # box's closing separator and the next separator or the first code line.
    separators = [i for i, line in enumerate(head) if SEPARATOR.match(line)]
    purpose = []
    if separators:
        for line in head[separators[0] + 1:]:
            stripped = line.strip()
            if SEPARATOR.match(line) or not stripped.startswith(("//", "/*", "*")):
                break
            if re.search(r"[A-Za-z]", stripped):
                purpose.append(line)
    if not purpose:
        problems.append(f"{path}: expected a purpose paragraph after the SPDX box")
    if changed:
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
    return problems


def main(argv):
    fix = "--fix" in argv
    roots = [a for a in argv[1:] if a != "--fix"] or ["."]
    problems = []
    count = 0
    for root in roots:
        for top in SOURCE_DIRS:
            for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
                dirnames[:] = sorted(d for d in dirnames if d not in ("Output", "__pycache__"))
                for name in sorted(filenames):
                    if name.endswith(SUFFIXES):
                        count += 1
                        problems += check(os.path.join(dirpath, name), fix)
    for p in problems:
        print(p)
    print(f"check-file-headers: {count} files, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
