"""Run every benchmark and print one ratio line per workload: `python -m benchmarks.run`.

Install the references first: `pip install -e ".[bench]"`. `--quick` runs fewer epochs and
repeats (a smoke run, not a measurement). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import platform
import sys

from benchmarks import compiled_workloads, eager_workloads, engine_workloads, nn_workloads
from benchmarks.harness import Comparison


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer epochs and repeats")
    args = parser.parse_args(argv)
    print(f"Python {platform.python_version()} on {platform.machine()}, {platform.node()}")
    results: list[Comparison] = []
    for workloads in (eager_workloads, engine_workloads, nn_workloads, compiled_workloads):
        for comparison in workloads.compare(args.quick):
            print(comparison.line(), flush=True)
            results.append(comparison)
    missed = [c for c in results if c.target and c.ratio is not None and c.ratio < c.target]
    return 1 if missed and not args.quick else 0


if __name__ == "__main__":
    sys.exit(main())
