"""One scan of a record for personal data, kept in its memo and shared by every PI rule.

Pattern entities: the raw line's screen, then each string's, then presidio's recognizers
(`ftlint.privacy.scanner`) on the strings that pass. Names and places: spaCy's NER model on
every string of prose in a Latin script.
"""

from __future__ import annotations

import re
from typing import Any

from ftlint.core.findings import pointer
from ftlint.core.records import Record
from ftlint.privacy.detect import is_data_url
from ftlint.privacy.native_screen import strings_may_hold_pii
from ftlint.privacy.presidio import NER_ENTITIES, Span, analyze
from ftlint.privacy.scanner import find
from ftlint.privacy.screen import line_may_hold_pii, text_may_be_found
from ftlint.rules._texts import Where, strings

Hit = tuple[str, str, list[Span]]  # a string's pointer, the string, and what presidio found in it


def scan(record: Record, ner: bool = False) -> list[Hit]:
    """The strings of `record` with the spans presidio found in them (pattern entities, or with
    `ner` PERSON and LOCATION), computed once per record."""
    key = "pii-ner" if ner else "pii"
    hits = record.memo.get(key)
    if hits is None:
        hits = record.memo[key] = _scan_ner(record.data) if ner else _scan_patterns(record)
    return hits


def may_hold_pii(record: Record) -> bool:
    """The gate of the pattern rules: whether the record's scan found anything. The raw line's
    screen comes first (most lines stop there); a line that passes is scanned once here, and the
    rules, asked only when something was found, read the scan from the memo. (Each of the eight
    rules asking for an empty scan cost more than the scan of a screened record.)"""
    return line_may_hold_pii(record.line.raw) and bool(scan(record))


def _scan_patterns(record: Record) -> list[Hit]:
    # The line's screen is asked by the gate, before this; a rule called without the gate (a
    # test) gets the same hits, since the line screen only skips what would find nothing.
    texts = _texts_of(record)
    if not strings_may_hold_pii([text for _, text in texts]):
        return []  # (one RE2 pass over all the strings, when installed; `native_screen`)
    hits = []
    for where, text in texts:
        if text_may_be_found(text) and not is_data_url(text):
            spans = find(text)
            if spans:
                hits.append((pointer(*where), text, spans))
    return hits


# The usual role names: no entity can be found in them (a test asks the screen), so a plain chat
# record's roles are not screened one by one.
NAMES_WITHOUT_PII = frozenset({"system", "user", "assistant", "tool", "developer", "function"})


def _texts_of(record: Record) -> list[tuple[Where, str]]:
    """The strings of the record that may hold an entity, each with its path, in document order."""
    data = record.data
    messages = data.get("messages")
    if len(data) != 1 or messages.__class__ is not list:
        return strings(data)
    # The usual chat record, `{"messages": [...]}` with messages of strings and numbers: one loop
    # instead of the walk, and its roles not screened. Anything nested goes to the walk.
    found: list[tuple[Where, str]] = []
    for index, message in enumerate(messages):
        if message.__class__ is not dict:
            return strings(data)
        for key, value in message.items():
            if value.__class__ is str:
                if value not in NAMES_WITHOUT_PII:
                    found.append((("messages", index, key), value))
            elif value.__class__ not in _SCALARS:
                return strings(data)
    return found


_SCALARS = (int, float, bool, type(None))  # hold no string


def _scan_ner(data: dict[str, Any]) -> list[Hit]:
    hits = []
    for where, text in strings(data):
        # Prose only: a string without a space is an identifier, a URL or a type name, not a sentence.
        if " " in text and _mostly_latin(text):
            spans = analyze(text, NER_ENTITIES, ner=True)
            if spans:
                hits.append((pointer(*where), text, spans))
    return hits


def _mostly_latin(text: str) -> bool:
    """Whether the English NER model can read `text`: it has words, most of their letters Latin.
    (On Chinese it tags whole clauses as people and places.)"""
    letters = _LETTER.findall(text)
    return len(letters) >= 2 and sum(ch.isascii() or ch in LATIN_ACCENTED for ch in letters) * 2 > len(letters)


_LETTER = re.compile(r"[^\W\d_]")
LATIN_ACCENTED = frozenset(chr(c) for c in range(0xC0, 0x250) if chr(c).isalpha())
