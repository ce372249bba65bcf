"""Masked forms of personal data, for reports: enough to find the value again, not to learn it.

`john.smith@example.com` -> `j***@e***.com`; a card -> `**** **** **** 1111`; a phone number keeps
its last two digits, an SSN its last four, an IBAN its country and last two characters, an IP
address its first part. Separators stay, so the shape is still recognisable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+")


def mask(entity: str, value: str) -> str:
    if entity == "EMAIL_ADDRESS":
        return _email(value)
    if entity == "URL_CREDENTIALS":
        return _url_credentials(value)
    if entity in ("PHONE_NUMBER", "CREDIT_CARD", "US_SSN"):
        return _keep_last_digits(value, {"PHONE_NUMBER": 2, "CREDIT_CARD": 4, "US_SSN": 4}[entity])
    if entity == "IBAN_CODE":
        return value[:2] + _stars(value[2:-2]) + value[-2:]
    if entity == "IP_ADDRESS":
        first = re.match(r"[0-9A-Fa-f]*", value)
        head = first.group() if first else ""
        return head + _stars(value[len(head):])
    if entity == "CRYPTO":
        return value[:3] + "***" + value[-3:]
    # Names and places: the first letter of each word.
    return _WORD.sub(lambda m: m.group()[0] + "***", value)


def _stars(text: str) -> str:
    """Letters and digits as `*`, separators kept."""
    return re.sub(r"[^\W_]", "*", text)


def _email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    labels = domain.split(".")
    head = ".".join(label[:1] + "***" for label in labels[:-1]) if len(labels) > 1 else labels[0][:1] + "***"
    return f"{local[:1]}***@{head}" + (f".{labels[-1]}" if len(labels) > 1 else "")


def _url_credentials(value: str) -> str:
    scheme, _, rest = value.partition("://")
    userinfo, _, host = rest.rpartition("@")
    return f"{scheme}://{userinfo[:1]}***:***@{host}"


def _keep_last_digits(value: str, keep: int) -> str:
    digits = sum(ch.isdigit() for ch in value)
    out, seen = [], 0
    for ch in value:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - keep else "*")
        else:
            out.append(ch)
    return "".join(out)


def replace_spans(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, new) span, in order and not overlapping, replaced by `new`."""
    parts, end = [], 0
    for start, stop, new in replacements:
        parts += [text[end:start], new]
        end = stop
    parts.append(text[end:])
    return "".join(parts)
