"""One cheap look at a record's raw line that gates the text rules DQ008, DQ009 and DQ010.

Invisible characters (DQ008), mojibake (DQ009) and template placeholders (DQ010) are each found by
reading every string of a record in Python, which costs more than the rest of a check; almost no
record holds any of them. Each finding needs one of a few byte sequences in the line as the file
writes it, whether the JSON encoder escaped the character (`\\u200b`, json.dumps' default) or
wrote it as UTF-8 (orjson, `ensure_ascii=False`):

- an escape that can spell one of the characters involved: `\\b`, `\\f` (controls), `\\u00XX`
  (controls, DEL, the C1 controls, the Latin-1 letters that start mojibake, and any ASCII
  character, which an encoder may escape: `\\u003c` for `<`), `\\u20XX` up to U+206F (zero-width
  space, bidirectional controls, word joiner) and `\\ufeff`;
- DEL, which JSON may leave raw (the other controls must be escaped: the parsers reject them raw);
- `{{`; and for DQ010's option `brackets` only (its own, wider gate), `[` or `<` followed by one
  of the placeholder words (matched without case, ASCII only);
- in a line that is not all ASCII, the UTF-8 bytes of an invisible character, or of a mojibake
  lead character followed by the first byte of a continuation character (or an escape).

A line with none of them holds nothing for the three rules, which share this gate: the engine asks
it once per record (`RecordRule.gate`) and skips all three when it says no. Only four C-speed
searches run on the common line, ~2 us for a 1.3 kB record. A property test proves that the gate
lets through every record one of the rules reports, for every spelling of every character.
"""

from __future__ import annotations

import re

from ftlint.core.records import Record

# (first, last) code points DQ008 reports: C0 controls but tab, line feed and carriage return; DEL
# and the C1 controls; zero-width space; the bidirectional embeddings and overrides; word joiner;
# the bidirectional isolates; a byte-order mark inside text.
INVISIBLE_RANGES = ((0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), (0x200B, 0x200B),
                    (0x202A, 0x202E), (0x2060, 0x2060), (0x2066, 0x2069), (0xFEFF, 0xFEFF))
INVISIBLE_CHARS = "".join(chr(code) for first, last in INVISIBLE_RANGES for code in range(first, last + 1))


def as_cp1252(byte: int) -> str:
    """How Windows-1252 shows a byte (its five unassigned bytes pass through, as decoders do)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


# DQ009: the bytes that start a UTF-8 sequence, and its continuation bytes, each as Windows-1252 shows it.
MOJIBAKE_LEADS = "".join(as_cp1252(byte) for byte in range(0xC2, 0xF5))
MOJIBAKE_CONTINUATIONS = "".join(as_cp1252(byte) for byte in range(0x80, 0xC0))

# DQ010: the words that open a `[...]` and a `<...>` placeholder (matched without case).
BRACKET_WORDS = ("insert", "your", "enter", "add", "placeholder", "fill in")
ANGLE_WORDS = ("placeholder", "insert", "your")


def _one_of(texts: tuple[str, ...] | str) -> bytes:
    return b"|".join(re.escape(text.encode("utf-8")) for text in texts)


# Each pattern starts with a fixed byte, which `re` finds at memchr speed; one combined pattern
# would try every position of the line in turn, ten times slower.
_ESCAPE = re.compile(rb"\\(?:[bf]|u(?:00|20[0-6]|[fF][eE][fF][fF]))")
_DOUBLE_BRACE = re.compile(rb"\{\{")
_BRACKET_WORD = re.compile(rb"\[(?i:" + _one_of(BRACKET_WORDS) + rb")")
_ANGLE_WORD = re.compile(rb"<(?i:" + _one_of(ANGLE_WORDS) + rb")")
_CONTINUATION_STARTS = bytes(sorted({char.encode("utf-8")[0] for char in MOJIBAKE_CONTINUATIONS}))
_NON_ASCII = re.compile(
    _one_of(tuple(char for char in INVISIBLE_CHARS if not char.isascii()))
    + rb"|(?:" + _one_of(MOJIBAKE_LEADS) + rb")[" + re.escape(_CONTINUATION_STARTS) + rb"\\]"
)


def line_may_hold_odd_text(raw: bytes) -> bool:
    """False when no string of this JSON line can hold an invisible character, mojibake or a `{{name}}`."""
    if not raw.isascii() and _NON_ASCII.search(raw) is not None:
        return True
    return raw.find(b"\x7f") != -1 or _ESCAPE.search(raw) is not None or _DOUBLE_BRACE.search(raw) is not None


def line_may_hold_blank(raw: bytes) -> bool:
    """False when no string of this JSON line can hold a `[Your Name]` or `<insert date>` blank (the
    escapes that could spell one are `line_may_hold_odd_text`'s)."""
    return _BRACKET_WORD.search(raw) is not None or _ANGLE_WORD.search(raw) is not None


def may_hold_odd_text(record: Record) -> bool:
    """The gate of DQ008-DQ010: the record's raw line may hold something for them."""
    raw = record.line.raw
    return not raw or line_may_hold_odd_text(raw)


def may_hold_odd_text_or_blank(record: Record) -> bool:
    """The gate of DQ010 with `brackets`: the same, or a bracketed blank."""
    raw = record.line.raw
    return not raw or line_may_hold_odd_text(raw) or line_may_hold_blank(raw)
