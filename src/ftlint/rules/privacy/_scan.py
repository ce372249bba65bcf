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
from ftlint.privacy.presidio import NER_ENTITIES, Span, analyze
from ftlint.privacy.scanner import find
from ftlint.privacy.screen import line_may_hold_pii, text_may_hold_pii
from ftlint.rules._texts import strings

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
    """The gate of the pattern rules: the raw line's screen."""
    return line_may_hold_pii(record.line.raw)


def _scan_patterns(record: Record) -> list[Hit]:
    # The line's screen is the rules' gate, asked once by the engine; not asked again here.
    hits = []
    for where, text in strings(record.data):
        if text_may_hold_pii(text) and not is_data_url(text):
            spans = find(text)
            if spans:
                hits.append((pointer(*where), text, spans))
    return hits


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
