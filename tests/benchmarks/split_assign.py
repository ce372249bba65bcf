"""Time the split assignment (`ftlint.split.assignment`) over a synthetic feature table.

    PYTHONPATH=src .venv/bin/python tests/benchmarks/split_assign.py [--rows 1000000] [--repeats 3]

The table is what the engine would gather: a record hash per row (1% exact copies), a prompt key
(2% share a prompt with another record, one in seven has none), a label of five classes, and a
near-duplicate pair every 1,000 rows for the `near` runs. Each variant's best of `--repeats` runs
is printed with the load average, which shows whether the machine was busy.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import polars as pl

from ftlint.split.assignment import assign


def table(rows: int) -> pl.DataFrame:
    rng = random.Random(1)
    record = [rng.getrandbits(64) for _ in range(rows)]
    key = [rng.getrandbits(64) for _ in range(rows)]
    for i in range(0, rows - 2, 50):
        key[i] = key[i + 2]  # the same prompt, another answer
    for i in range(0, rows - 1, 100):
        record[i], key[i] = record[i + 1], key[i + 1]  # an exact copy
    keys = [None if i % 7 == 3 else k for i, k in enumerate(key)]
    labels = [rng.choice(["billing", "bug", "account", "other", "spam"]) for _ in range(rows)]
    return pl.DataFrame({"record_hash": pl.Series(record, dtype=pl.UInt64), "key": pl.Series(keys, dtype=pl.UInt64),
                         "label": labels})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    frame = table(args.rows)
    near = [[i, i + 3] for i in range(5, args.rows - 3, 1000)]
    print(f"{args.rows:,} rows, {pl.thread_pool_size()} polars threads, load {os.getloadavg()}")
    for label in (None, "label"):
        for cap in (None, 5000):
            for together in ((), near):
                best = float("inf")
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    result = assign(frame, valid=0.1, test=0.05, seed=3, key="key", label=label, max_valid=cap,
                                    together=together)
                    best = min(best, time.perf_counter() - started)
                print(f"stratified={label is not None!s:5} max_valid={cap!s:5} near={bool(together)!s:5} "
                      f"{best:.3f} s  {result.sizes}  joined groups {result.joined.height:,}")
    print(f"load {os.getloadavg()}")


if __name__ == "__main__":
    main()
