"""One reader per input format, each turning a record of its format into an `Example`.

Before a reader sees a record, the record passes its format's own typed view (the one `ftlint
check` uses), so a reader can trust the types. Keys the format does not know are dropped with a
note (an `id` column is common and harmless; silently losing it would not be), except in RFT and
prompt-only records, where every other key is grader or reward data and is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ftlint.convert.model import Example
from ftlint.convert.options import Options
from ftlint.convert.readers.llamafactory import read_preference_lf
from ftlint.convert.readers.openai import read_chat, read_preference, read_rft
from ftlint.convert.readers.plain import read_alpaca, read_text
from ftlint.convert.readers.sharegpt import read_sharegpt
from ftlint.convert.readers.trl import read_kto, read_preference_trl, read_prompt_completion, read_prompt_only
from ftlint.convert.result import Notes, Reject
from ftlint.core.formats import FORMAT_BY_NAME, detect_shape
from ftlint.core.formats.validate import validate_record

Reader = Callable[[dict[str, Any], Options, Notes], Example]


def _plain(read: Callable[[dict[str, Any], Notes], Example]) -> Reader:
    return lambda record, options, notes: read(record, notes)


READERS: dict[str, Reader] = {
    "chat": _plain(read_chat),
    "rft": _plain(read_rft),
    "preference": _plain(read_preference),
    "preference_trl": read_preference_trl,
    "kto": read_kto,
    "prompt_completion": read_prompt_completion,
    "prompt_only": read_prompt_only,
    "text": _plain(read_text),
    "alpaca": _plain(read_alpaca),
    "sharegpt": _plain(read_sharegpt),
    "preference_lf": _plain(read_preference_lf),
}
# Keys LLaMA-Factory adds to a format that ftlint's typed view does not declare; the reader reads them.
_READ_BESIDE_VIEW = {"chat": ("images",), "sharegpt": ("images",)}
# Formats whose typed view allows any other key: grader fields (RFT), reward-function data (prompt-only).
_OTHER_KEYS_ARE_DATA = frozenset({"rft", "prompt_only"})


def read(record: dict[str, Any], source: str | None, options: Options, notes: Notes) -> Example:
    if source is None:
        source = detect_shape(record)
        if source is None:
            keys = ", ".join(f"`{k}`" for k in list(record)[:5])
            raise Reject(f"the record's keys ({keys}) match no format ftlint reads; map its columns")
    if source not in READERS:
        raise Reject(f"ftlint does not convert from `{source}` records")
    fmt = FORMAT_BY_NAME[source]
    beside = _READ_BESIDE_VIEW.get(source, ())
    viewed = {key: value for key, value in record.items() if key not in beside}
    if source not in _OTHER_KEYS_ARE_DATA:
        for key in [key for key in viewed if key not in fmt.keys]:
            notes.add(f"dropped the key `{key}`, which {fmt.title} records do not have")
            del viewed[key]
    _, issues = validate_record(fmt, viewed)
    if issues:
        first = issues[0]
        raise Reject(f"not a valid {fmt.title} record: {first.message} at {first.pointer or '/'}")
    return READERS[source](record, options, notes)
