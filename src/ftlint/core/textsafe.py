"""Text from the data, made safe to show: nothing in it can move the cursor, forge a line or break a format.

Keys, values and file names come from whoever wrote the dataset. Printed raw, a newline in a key
forges a `fake.jsonl:1: ...` line, an ANSI escape recolours or hides what follows, a right-to-left
override reorders it, and a `\\x01` or a file name that is not UTF-8 makes XML or JSON invalid.

- `escape_controls`: for what people read (text, GitHub annotations, summaries, stats, JUnit text):
  every control, line-separator and bidirectional-control character becomes a visible escape
  (`\\n`, `\\x1b`, `\\u202e`); the byte of a file name that is not UTF-8 becomes `\\xff`.
  Backslashes are left alone, so ordinary text reads as it is.
- `valid_unicode`: for JSON (and so SARIF): a string that can be encoded, the bytes of a name that
  are not UTF-8 (and lone surrogates) replaced by U+FFFD. JSON escapes control characters itself.
- `original_bytes`: a name's bytes as the file system has them (for percent-encoded URIs).
"""

from __future__ import annotations

import re
import sys
from typing import Any, TextIO

# C0 controls, DEL and C1 controls; Arabic letter mark, left-to-right and right-to-left marks; line and
# paragraph separators; embeddings, overrides and isolates; lone surrogates (the undecodable bytes of a
# file name arrive as U+DC80-U+DCFF); U+FFFE and U+FFFF, which XML forbids.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_ESCAPED_BYTES = range(0xDC80, 0xDD00)  # how Python spells an undecodable byte of a name (surrogateescape)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    short = _SHORT.get(char)
    if short is not None:
        return short
    code = ord(char)
    if code in _ESCAPED_BYTES:
        return f"\\x{code - 0xDC00:02x}"  # the byte the name holds, as `ls` and Python show it
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """`text` with every control, bidi-control and line-separator character as a visible escape."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def valid_unicode(text: str) -> str:
    """`text` without lone surrogates (U+FFFD in their place), so that any UTF-8 writer can write it."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def valid_unicode_everywhere(value: Any) -> Any:
    """`value` (plain JSON data) with every string, key or value, made `valid_unicode`."""
    if isinstance(value, str):
        return valid_unicode(value)
    if isinstance(value, dict):
        return {valid_unicode_everywhere(key): valid_unicode_everywhere(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [valid_unicode_everywhere(item) for item in value]
    return value


def original_bytes(text: str) -> bytes:
    """The bytes a name stands for: UTF-8, with each undecodable byte (U+DC80-U+DCFF) as it was."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte: no name on disk holds one
        return valid_unicode(text).encode("utf-8")


def harden_streams(*streams: TextIO) -> None:
    """Let `streams` (stdout and stderr by default) write any text, in any encoding, without an error.

    Under `PYTHONIOENCODING=ascii` or a Latin-1 terminal a character the encoding lacks becomes an
    escape (`\\xe9`) instead of a UnicodeEncodeError; machine formats stay exact because they are
    written in ASCII (JSON escapes, XML character references).
    """
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
