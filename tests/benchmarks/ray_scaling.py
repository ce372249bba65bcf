"""The Ray engine beside the local one, on the same data, in one invocation (issue 18).

    .venv/bin/python tests/benchmarks/ray_scaling.py [--records 100000] [--files 8] [--repeats 3]

Times, side by side in rounds: (a) the orjson parse-only reference on all cores, (d) `ftlint check`
on the local engine, (r) `--engine ray` starting its own local cluster (start-up included), and
(s) `--engine ray --address` joining a cluster started beforehand (start-up excluded). The chat data
set of the main benchmark (duplicates, ~0.5 % defects) is cut into `--files` files, so the dataset
rules work across files. Then it measures what the driver holds per record: the feature table's
bytes, from a check run in this process, which is what bounds the records one driver can take.
Needs the `ray` extra. Ratios only mean something within one run: this machine is noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "src"))

import gen_data  # noqa: E402


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def split_into_files(source: Path, folder: Path, files: int) -> list[Path]:
    """`source`'s lines dealt into `files` files, in order (so duplicates land in different files)."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = source.read_bytes().splitlines(keepends=True)
    per_file = -(-len(lines) // files)
    paths = []
    for index in range(files):
        path = folder / f"part-{index:03d}.jsonl"
        path.write_bytes(b"".join(lines[index * per_file:(index + 1) * per_file]))
        paths.append(path)
    return paths


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])} ...: exit {done.returncode}\n{done.stderr[-2000:]}")
    return elapsed


def start_cluster() -> tuple[object, str]:
    os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    import ray

    ray.init(include_dashboard=False, _node_ip_address="127.0.0.1", logging_level="ERROR", log_to_driver=False)
    return ray, ray.get_runtime_context().gcs_address


def feature_bytes_per_record(paths: list[Path]) -> tuple[int, float]:
    """Records checked in this process (as `ftlint check` checks them), and the driver's feature table bytes
    per record."""
    import tempfile

    from ftlint.commands.check import Run
    from ftlint.commands.settings import Flags
    from ftlint.core.rule import Feature
    from ftlint.core.sources import resolve_inputs

    run = Run.from_flags(Flags())
    # A check hands its table on only when a report asked for columns of its own: ask for none extra.
    session = run.session.with_features((Feature("bench_none", "Int64", _nothing),))
    with tempfile.TemporaryDirectory() as scratch:
        result = session.check(resolve_inputs([str(p) for p in paths], Path(scratch)), Path(scratch))
    table = result.table
    assert table is not None
    frame = table.frame  # the table as polars holds it (a large input's table lives there from the start)
    return frame.height, frame.drop("bench_none").estimated_size() / max(frame.height, 1)


def _nothing(record: object) -> int:
    return 0  # one 8-byte column, subtracted below


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / ".work")
    parser.add_argument("--ftlint", default=str(REPO / ".venv" / "bin" / "ftlint"))
    args = parser.parse_args()
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    # The main benchmark's chat set (same seed), under a name of its own so neither run regenerates the other's.
    chat, _ = gen_data.ensure_dataset(work, "ray-chat", gen_data.Spec(kind="chat", seed=1, records=args.records), log)
    paths = split_into_files(chat, work / f"ray-{args.records}-{args.files}", args.files)
    names = [str(p) for p in paths]
    ray, address = start_cluster()
    check = [args.ftlint, "check", *names, "--output-format", "json", "--no-cache"]
    programs = {
        "(a) parse-only": [sys.executable, str(HERE / "ref_parse.py"), str(chat)],  # the same bytes, one file
        "(d) check, local engine": check,
        "(r) check, Ray, own cluster": [*check, "--engine", "ray"],
        "(s) check, Ray, joining a cluster": [*check, "--engine", "ray", "--address", address],
    }
    times: dict[str, list[float]] = {name: [] for name in programs}
    load = os.getloadavg()
    for round_ in range(args.repeats):
        for name, command in programs.items():
            times[name].append(timed(command))
            log(f"round {round_ + 1} {name}: {times[name][-1]:.2f} s")
    ray.shutdown()
    records, per_record = feature_bytes_per_record(paths)
    size = sum(p.stat().st_size for p in paths)
    print(f"{records:,} records in {len(paths)} files, {size / 1e6:.0f} MB; load before {load[0]:.2f}, "
          f"after {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    base = statistics.median(times["(d) check, local engine"])
    reference = statistics.median(times["(a) parse-only"])
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<36} median {median:6.2f} s  min {min(values):6.2f}  "
              f"{median / base:5.2f}x the local check  {median / reference:5.2f}x parse-only")
    print(f"feature table on the driver: {per_record:.0f} bytes per record "
          f"({per_record * 1e9 / 2**30:,.0f} GiB for a billion records)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
