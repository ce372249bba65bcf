"""Run a command and report the peak memory of its whole process tree (Linux only).

    python memwatch.py [--interval 0.05] [--stdout FILE] -- COMMAND ARG...

`getrusage(RUSAGE_CHILDREN).ru_maxrss` is the high-water mark of the single largest process in the
tree, not of the tree: a program with a pool of worker processes can use several times that.  So this
wrapper also samples, every `interval` seconds, VmRSS (and PSS, which splits pages shared between
forked processes fairly) of the command and all its descendants, found by walking the parent pid of
every /proc/<pid>/stat, and reports the largest sums seen.  A spike shorter than the interval can be
missed; the ru_maxrss figure is reported alongside as a floor.

The command's stdout goes to --stdout (default: discarded), its stderr is passed through, and one JSON
object is printed on stdout: returncode, seconds, peak_rss_sum_bytes, peak_pss_sum_bytes,
peak_processes, samples, ru_maxrss_bytes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict


def _children_by_parent() -> dict[int, list[int]]:
    """Map every live pid's parent to its children, from /proc/<pid>/stat."""
    children: dict[int, list[int]] = defaultdict(list)
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:  # the process exited between listdir and open
            continue
        # Field 2 (comm) is in parentheses and may itself contain spaces or ')'; ppid is the second
        # field after the last ')'.
        fields = stat[stat.rindex(b")") + 2 :].split()
        children[int(fields[1])].append(int(name))
    return children


def descendants(root: int) -> list[int]:
    """`root` and every process below it."""
    children = _children_by_parent()
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, ()))
    return tree


def _field_kb(path: str, key: bytes) -> int:
    """A `Key:   123 kB` value from a /proc status-like file; 0 if the process is gone."""
    try:
        with open(path, "rb") as f:
            for line in f:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def sample(root: int, with_pss: bool) -> tuple[int, int, int]:
    """(sum of VmRSS, sum of PSS, number of processes) of the tree under `root`, in bytes."""
    rss = pss = 0
    pids = descendants(root)
    for pid in pids:
        rss += _field_kb(f"/proc/{pid}/status", b"VmRSS:")
        if with_pss:
            pss += _field_kb(f"/proc/{pid}/smaps_rollup", b"Pss:")
    return rss * 1024, pss * 1024, len(pids)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--interval", type=float, default=0.05)
    ap.add_argument("--stdout", default=os.devnull, help="where the command's stdout goes")
    ap.add_argument("--no-pss", action="store_true", help="skip PSS (reading smaps_rollup costs a little)")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        ap.error("no command given")

    peak_rss = peak_pss = peak_procs = samples = 0
    with open(args.stdout, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out)
        while proc.poll() is None:
            rss, pss, procs = sample(proc.pid, not args.no_pss)
            peak_rss, peak_pss, peak_procs = max(peak_rss, rss), max(peak_pss, pss), max(peak_procs, procs)
            samples += 1
            time.sleep(args.interval)
        seconds = time.perf_counter() - t0
    # ru_maxrss is in KiB on Linux.  It covers the child and, through it, every descendant it reaped.
    ru_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    report = {
        "returncode": proc.returncode,
        "seconds": round(seconds, 4),
        "peak_rss_sum_bytes": peak_rss,
        "peak_pss_sum_bytes": peak_pss if not args.no_pss else None,
        "peak_processes": peak_procs,
        "samples": samples,
        "ru_maxrss_bytes": ru_maxrss,
    }
    sys.stdout.write(json.dumps(report) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
