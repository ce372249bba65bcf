"""Reports with personal data and credentials masked: every string from the data that a report shows
passes here.

The command layer applies it after the policy and before the emitters (each finding's message,
pointer, related pointers and fix title), and to the other reports that quote data (`fix --diff`,
the class labels of `stats`), unless `--show-pii`. Whatever rules are selected, the same function
(`mask_text`) finds the personal data (`detect.personal_spans`) and replaces each span with its
masked form (`j***@e***.com`); ftlint's own words, numbers and codes stay as they are. It is cheap
when there is nothing to mask: the screen first, and each distinct string analysed once.

Credentials (`ftlint.privacy.secrets`: API keys, tokens, private keys) are masked the same way, and
still with `--show-pii` (`personal=False`): that flag shows the people in the data, never a key.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from ftlint.core.findings import Finding, escape_pointer_token
from ftlint.privacy.detect import personal_spans
from ftlint.privacy.mask import mask, replace_spans
from ftlint.privacy.screen import line_may_hold_pii, text_may_hold_pii
from ftlint.privacy.secrets import (
    line_may_hold_secret,
    mask_secret,
    secret_spans,
    text_may_hold_secret,
    url_password_spans,
)

if TYPE_CHECKING:
    from ftlint.core.engine.driver import CheckResult

# Messages repeat (one per record, same words): each distinct string is analysed once. Long
# strings (the lines of a diff) are not kept, and the cache starts again when full.
_CACHE: dict[str, str] = {}
_CACHE_ENTRIES = 100_000
_CACHED_LENGTH = 2_000
# A JSON string literal as written: its escapes are read before it is searched.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def mask_text(text: str, personal: bool = True) -> str:
    """`text` with each span of personal data or credential in it replaced by its masked form
    (with `personal` False, as `--show-pii` shows it: only its credentials)."""
    if not personal:
        return _secrets_masked(text)
    if not text_may_hold_pii(text) and not text_may_hold_secret(text):
        return text
    cached = _CACHE.get(text)
    if cached is not None:
        return cached
    secrets = [(s.start, s.end, mask_secret(text, s)) for s in secret_spans(text)]
    spans = [(s.start, s.end, mask(s.entity, text[s.start:s.end])) for s in personal_spans(text)]
    if secrets:  # a credential is masked whole: no personal data found inside one is masked apart
        spans = sorted(secrets + [span for span in spans
                                  if not any(start < span[1] and span[0] < end for start, end, _ in secrets)])
    masked = replace_spans(text, spans)
    if len(text) <= _CACHED_LENGTH:
        if len(_CACHE) >= _CACHE_ENTRIES:
            _CACHE.clear()
        _CACHE[text] = masked
    return masked


def _secrets_masked(text: str) -> str:
    """`text` as `--show-pii` shows it: its credentials masked, the passwords of URLs among them."""
    spans = [(start, end, "***") for start, end in url_password_spans(text)]
    if text_may_hold_secret(text):
        spans += [(s.start, s.end, mask_secret(text, s)) for s in secret_spans(text)]  # never inside those URLs
    return replace_spans(text, sorted(spans)) if spans else text


def clear_cache() -> None:
    _CACHE.clear()


def mask_pointer(pointer: str, personal: bool = True) -> str:
    """A JSON pointer with each reference token masked on its own, unescaped first (a key may be an e-mail
    address, which presidio does not read after a `/`, or a URL, whose `//` the pointer writes `~1~1`);
    unchanged tokens keep their escapes. Each distinct pointer is masked once (`_mask_pointer_memo`)."""
    if not pointer.startswith("/"):
        return mask_text(pointer, personal)
    tokens = []
    for token in pointer[1:].split("/"):
        key = token.replace("~1", "/").replace("~0", "~")
        masked = mask_text(key, personal)
        tokens.append(token if masked == key else escape_pointer_token(masked))
    return "/" + "/".join(tokens)


def mask_line(line: str, personal: bool = True) -> str:
    """A line of a data file as `fix --diff` shows it: each value masked where it stands, every
    other character as it was. The line need not be JSON: the text outside JSON strings (all of
    it, on a line that is not JSON) is searched as it is."""
    raw = line.encode("utf-8", "surrogatepass")
    if (not (personal and line_may_hold_pii(raw)) and not line_may_hold_secret(raw)
            and not (b"://" in raw and b"@" in raw)):  # a URL's password (`url_password_spans`)
        return line
    parts, end = [], 0
    for match in _JSON_STRING.finditer(line):
        parts += [mask_text(line[end:match.start()], personal), _mask_literal(match.group(), personal)]
        end = match.end()
    parts.append(mask_text(line[end:], personal))
    return "".join(parts)


def _mask_literal(literal: str, personal: bool) -> str:
    body = literal[1:-1]
    if "\\" not in body:  # read as written: masked in place
        return f'"{mask_text(body, personal)}"'
    try:
        text = json.loads(literal)
    except ValueError:  # a broken escape (the line is not JSON): searched as written
        return mask_text(literal, personal)
    masked = mask_text(text, personal)
    if masked == text:
        return literal
    # Written again, escaped as the original was (ASCII with `\u` escapes, or UTF-8), so that the
    # same value masks to the same text on both sides of a diff.
    encoded = json.dumps(masked, ensure_ascii=literal.isascii())
    try:
        encoded.encode("utf-8")
    except UnicodeEncodeError:  # an escaped lone surrogate (`\ud800`) stays escaped
        encoded = json.dumps(masked)
    return encoded


def mask_finding(finding: Finding, personal: bool = True) -> Finding:
    """The finding with its message, pointers and fix title masked (the same object when clean)."""
    message, pointer = mask_text(finding.message, personal), _mask_pointer_memo(finding.pointer, personal)
    related = tuple(r if (masked := _mask_pointer_memo(r.pointer, personal)) == r.pointer
                    else replace(r, pointer=masked) for r in finding.related)
    fix = finding.fix
    if fix is not None and (title := mask_text(fix.title, personal)) != fix.title:
        fix = replace(fix, title=title)
    if (message, pointer, related, fix) == (finding.message, finding.pointer, finding.related, finding.fix):
        return finding
    return replace(finding, message=message, pointer=pointer, related=related, fix=fix)


@functools.lru_cache(maxsize=4096)
def _mask_pointer_memo(pointer: str, personal: bool) -> str:
    # A report's pointers repeat (`/messages/1/content` in thousands of findings): each is masked once.
    return mask_pointer(pointer, personal)


def mask_result(result: CheckResult, personal: bool = True) -> CheckResult:
    """The check result as every emitter may show it (the order of the findings kept)."""
    return replace(result, findings=[mask_finding(f, personal) for f in result.findings])


def mask_labels(counts: Mapping[str, int], personal: bool = True) -> dict[str, int]:
    """Counts by label (classes) with each label masked. Two labels that mask alike are two
    classes still: the second is shown numbered (`j***@e***.com (2)`), its count kept apart."""
    shown: dict[str, int] = {}
    for label, count in counts.items():
        masked = mask_text(label, personal)
        name, number = masked, 1
        while name in shown:
            number += 1
            name = f"{masked} ({number})"
        shown[name] = count
    return shown
