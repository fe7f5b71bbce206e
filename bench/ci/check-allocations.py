#!/usr/bin/env python3
"""Compares BenchmarkDotNet's allocated bytes per operation with the committed budget.

usage: check-allocations.py BUDGET REPORT.json [REPORT.json ...]

BUDGET: lines "FullBenchmarkName MaxBytesPerOp [comment]", '#' comments. REPORT: BenchmarkDotNet's JSON export
(*-report-full-compressed.json or *-report-full.json). Prints one line per budgeted benchmark and exits 1 if any
allocates more than its budget, has no memory figure, or did not run.
"""
import json
import sys


def read_budget(path):
    budget = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) < 2 or not parts[1].isdigit():
                sys.exit(f"{path}:{number}: expected 'BenchmarkFullName MaxBytesPerOp', got: {line}")
            budget[parts[0]] = int(parts[1])
    return budget


def read_reports(paths):
    measured = {}
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for benchmark in json.load(f)["Benchmarks"]:
                memory = benchmark.get("Memory") or {}
                measured[benchmark["FullName"]] = memory.get("BytesAllocatedPerOperation")
    return measured


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    budget = read_budget(argv[1])
    measured = read_reports(argv[2:])
    failures = 0
    width = max(len(name) for name in budget)
    print(f"{'benchmark':<{width}} {'allocated B/op':>15} {'budget B/op':>12}  verdict")
    for name, limit in budget.items():
        value = measured.get(name)
        if value is None:
            verdict = "FAIL (no result: did not run or no MemoryDiagnoser figure)"
            shown = "-"
            failures += 1
        elif value > limit:
            verdict = "FAIL (over budget)"
            shown = f"{value:,}"
            failures += 1
        else:
            verdict = "ok"
            shown = f"{value:,}"
        print(f"{name:<{width}} {shown:>15} {limit:>12,}  {verdict}")
    if failures:
        print(f"allocation budget: {failures} of {len(budget)} benchmarks FAILED", file=sys.stderr)
        return 1
    print(f"allocation budget: all {len(budget)} benchmarks within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
