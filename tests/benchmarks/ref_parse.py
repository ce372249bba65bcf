"""Reference programs for the benchmark: the fastest reasonable way to read a JSONL file in Python.

    python ref_parse.py FILE            # (a) parse only: orjson.loads on every line, all cores
    python ref_parse.py FILE --tokens   # (b) the same, plus an o200k_base token count of all text

The file is cut into one byte range per core, each cut moved forward to just after a newline so no
line straddles two ranges; each worker process reads its range in large blocks and parses every line.
Nothing is sent back but a few counters, so the figure is parsing cost, not inter-process traffic.
Prints one JSON object with the counts and the elapsed time.
"""

from __future__ import annotations

import argparse
import itertools
import multiprocessing
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

import orjson

BLOCK = 16 << 20  # large reads: syscall overhead vanishes, memory stays a few tens of MB per worker


def split_ranges(path: str, parts: int) -> list[tuple[int, int]]:
    """`parts` contiguous byte ranges covering the file, each starting at the beginning of a line."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as f:
        for i in range(1, parts):
            f.seek(max(size * i // parts - 1, cuts[-1]))
            # Reading from the byte before the nominal cut to the next newline puts the cut at a line
            # start, whether or not the nominal cut already was one.
            f.readline()
            cuts.append(min(f.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def iter_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    """The lines of bytes [start, end) without their newlines."""
    with open(path, "rb") as f:
        f.seek(start)
        remaining = end - start
        tail = b""
        while remaining > 0:
            block = f.read(min(BLOCK, remaining))
            if not block:
                break
            remaining -= len(block)
            lines = (tail + block).split(b"\n")
            tail = lines.pop()
            yield from lines
        if tail:
            yield tail


def texts(obj: Any) -> Iterator[str]:
    """Every text string a trainer would tokenise: chat message contents (plain or multimodal text
    parts) and prompt/completion/text fields."""
    if not isinstance(obj, dict):
        return
    messages = obj.get("messages")
    if isinstance(messages, list):
        for message in messages:
            content = message.get("content") if isinstance(message, dict) else None
            if isinstance(content, str):
                yield content
            elif isinstance(content, list):
                for part in content:
                    if isinstance(part, dict) and isinstance(part.get("text"), str):
                        yield part["text"]
    for key in ("prompt", "completion", "text"):
        value = obj.get(key)
        if isinstance(value, str):
            yield value


def work(path: str, start: int, end: int, count_tokens: bool) -> dict[str, int]:
    """Parse one byte range; runs in a worker process."""
    encode = None
    if count_tokens:
        # Imported here so the parse-only mode never pays for it; get_encoding is cached per process.
        from ftlint.core.tokens.encodings import get_encoding

        encode = get_encoding("o200k_base").encode_ordinary
    loads = orjson.loads
    lines = records = invalid = blank = tokens = 0
    for line in iter_lines(path, start, end):
        lines += 1
        try:
            obj = loads(line)
        except orjson.JSONDecodeError:
            # Only pay for the blank-line test on the rare failing line.
            if line.strip():
                invalid += 1
            else:
                blank += 1
            continue
        records += 1
        if encode is not None:
            for text in texts(obj):
                tokens += len(encode(text))
    return {"lines": lines, "records": records, "invalid": invalid, "blank": blank, "tokens": tokens}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--tokens", action="store_true", help="also count o200k_base tokens of all text")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    ranges = split_ranges(args.file, args.workers)
    # fork: workers start in milliseconds and inherit the already imported orjson.
    with multiprocessing.get_context("fork").Pool(max(1, len(ranges))) as pool:
        parts = pool.starmap(work, [(args.file, a, b, args.tokens) for a, b in ranges])
    totals = {key: sum(p[key] for p in parts) for key in parts[0]} if parts else {}
    totals.update(
        mode="tokens" if args.tokens else "parse",
        workers=len(ranges),
        bytes=os.path.getsize(args.file),
        seconds=round(time.perf_counter() - t0, 4),
    )
    sys.stdout.write(orjson.dumps(totals).decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
