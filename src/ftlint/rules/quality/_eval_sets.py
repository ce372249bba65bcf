"""A user's evaluation files (`--eval`) as items for DQ015: each record's question, named `file:line`.

A file is read as a checked file is (`ftlint.core.sniff.prepare_file`: JSON Lines, gzip or zstd, a JSON
array, CSV, TSV, Parquet, XLSX, UTF-16), in any record format, and raw benchmark files too (GSM8K's
`question`, MATH's `problem`). An item is what the record asks, not its reference answer: a training
record holding the question with another answer is as contaminated.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from ftlint.core.records import Line
from ftlint.core.rule import EvalFile
from ftlint.core.sniff import prepare_file
from ftlint.rules.quality._contamination import OverlapIndex, index_of, record_texts

# Fields that hold the question in prompt-and-answer records and in benchmarks' own files.
_QUESTION_KEYS = ("prompt", "question", "problem", "instruction", "input", "query", "context")
_ASKING_ROLES = frozenset({"user", "human"})
_UNREADABLE = {"binary": "not text", "corrupt": "compressed data that cannot be decompressed",
               "unsupported": "in a container ftlint cannot read"}


class EvalFileError(ValueError):
    """An evaluation file that cannot be used (the message names it and says why)."""


def item_text(data: dict[str, Any]) -> str:
    """What an evaluation record asks: its user turns, else its question fields, else all its text."""
    for key in ("messages", "conversations"):
        turns = data.get(key)
        if isinstance(turns, list):
            asked = [turn.get("content", turn.get("value")) for turn in turns
                     if isinstance(turn, dict) and (turn.get("role") or turn.get("from")) in _ASKING_ROLES]
            texts = [text for text in asked if isinstance(text, str)]
            if texts:
                return "\n".join(texts)
    if isinstance(data.get("input"), dict):  # preference data: the conversation before the answers
        return item_text(data["input"])
    fields = [data[key] for key in _QUESTION_KEYS if isinstance(data.get(key), str)]
    if fields:
        return "\n".join(fields)
    prompt = data.get("prompt")
    if isinstance(prompt, list):
        return item_text({"messages": prompt})
    return "\n".join(record_texts(data))


def _lines(path: Path, display: str, scratch: Path) -> Iterator[Line]:
    prepared = prepare_file(display, path, scratch, None)
    container = prepared.facts.container
    if container in _UNREADABLE:
        raise EvalFileError(f"eval file {display} is {_UNREADABLE[container]}")
    if prepared.documents is not None:
        yield from prepared.documents
        return
    with open(prepared.data_path, "rb") as stream:
        stream.seek(prepared.start)
        body = stream.read(prepared.end - prepared.start)
    for number, raw in enumerate(body.split(b"\n"), 1):
        yield Line(number, -1, raw.rstrip(b"\r"), b"\n")


def read_items(path: str, display: str) -> tuple[list[str], list[str]]:
    """Each record's label (`file:line`) and question text; an error when the file holds none."""
    labels, texts = [], []
    try:
        with tempfile.TemporaryDirectory(prefix="ftlint-eval-") as scratch:
            for line in _lines(Path(path), display, Path(scratch)):
                value = line.value if line.parsed else _parsed(line.raw)
                if isinstance(value, dict):
                    text = item_text(value)
                    if text.strip():
                        labels.append(f"{display}:{line.number}")
                        texts.append(text)
    except OSError as exc:
        raise EvalFileError(f"eval file {display} cannot be read: {exc.strerror or exc}") from None
    if not texts:
        raise EvalFileError(f"eval file {display} holds no record with text to compare with: give a JSON Lines, "
                            "JSON, CSV or Parquet file of evaluation records")
    return labels, texts


def _parsed(raw: bytes) -> Any:
    try:
        return orjson.loads(raw) if raw.strip() else None
    except orjson.JSONDecodeError:
        return None


@cache
def eval_index(files: tuple[EvalFile, ...], size: int) -> OverlapIndex:
    """The index of every item of the evaluation files, built once per process."""
    labels: list[str] = []
    texts: list[str] = []
    for file in files:
        file_labels, file_texts = read_items(file.path, file.display)
        labels.extend(file_labels)
        texts.extend(file_texts)
    return index_of(labels, texts, size)
