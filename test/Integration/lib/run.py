#!/usr/bin/env python3
"""The end-to-end tests' runner (lit: %e2e).

run.py --nncc PATH --src ROOT --config CONFIG --kind KIND [--family F]
       [--only NAME]... [--nncc-flag OPTION]... [--cc CC] [--cflag FLAG]...
       [--list] WORKDIR

Checks the cases of one kind (registry.py: predict, grad, train or threads) of one
family of cases/ (all families without --family; only the named cases with
--only) compiled by nncc under a configuration of configs.py, with the
files in WORKDIR. Prints one PASS or FAIL line per check and "N passed,
N failed" (reporting.py); exits 1 on a failure. --list prints the selected
cases' names and runs nothing.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import configs  # noqa: E402
import framework  # noqa: E402
import registry  # noqa: E402
import reporting  # noqa: E402


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[2],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workdir")
    parser.add_argument("--nncc", required=True, help="the nncc to test")
    parser.add_argument("--src", required=True,
                        help="the source tree (for examples/)")
    parser.add_argument("--config", required=True,
                        choices=sorted(configs.CONFIGS))
    parser.add_argument("--kind", required=True, choices=registry.KINDS)
    parser.add_argument("--family", help="one family of cases/")
    parser.add_argument("--only", action="append", default=[],
                        metavar="NAME", help="only this case (repeatable)")
    parser.add_argument("--nncc-flag", action="append", default=[],
                        metavar="OPTION",
                        help="another option for nncc (repeatable)")
    parser.add_argument("--cc", default="cc",
                        help="the C compiler of the drivers (default cc)")
    parser.add_argument("--cflag", action="append", default=[],
                        help="another option for the C compiler "
                             "(repeatable; scripts/sanitize.sh)")
    parser.add_argument("--list", action="store_true",
                        help="print the selected cases' names only")
    args = parser.parse_args()

    known = registry.families(args.kind)
    if args.family is not None and args.family not in known:
        parser.error(f"no {args.kind} cases in family {args.family!r} "
                     f"(have {', '.join(known)})")
    cases = registry.select(args.kind, args.family, args.only)
    missing = set(args.only) - {c.name for c in cases}
    if missing:
        parser.error(f"no such {args.kind} case: {', '.join(sorted(missing))}")
    if args.list:
        for case in cases:
            print(case.name)
        print(f"{len(cases)} cases")
        return 0

    flags = list(configs.CONFIGS[args.config].nncc_flags) + args.nncc_flag
    toolchain = framework.Toolchain(args.nncc, args.src, args.workdir, flags,
                                    args.cc, args.cflag)
    report = reporting.Report()
    framework.run(toolchain, args.kind, cases, report)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
