"""Masked forms of personal data, for reports: enough to find the value again, not to learn it.

`john.smith@example.com` -> `j***@e***.com`; a card -> `**** **** **** 1111`; a phone number keeps
its last two digits, an SSN its last four, an IBAN its country and last two characters, an IP
address its first part. Separators stay, so the shape is still recognisable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_WORD = re.compile(r"\w+")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_HEX_HEAD = re.compile(r"[0-9A-Fa-f]*")


def mask(entity: str, value: str) -> str:
    return masker(entity)(value)


def masker(entity: str) -> Callable[[str], str]:
    """The masking function of an entity's values (a rule looks it up once)."""
    return _MASKERS.get(entity, _words)


def _stars(text: str) -> str:
    """Letters and digits as `*`, separators kept."""
    return _LETTER_OR_DIGIT.sub("*", text)


def _email(value: str) -> str:
    local, _, domain = value.rpartition("@")
    labels = domain.split(".")
    if len(labels) == 1:
        return f"{local[:1]}***@{labels[0][:1]}***"
    return f"{local[:1]}***@" + ".".join([label[:1] + "***" for label in labels[:-1]]) + "." + labels[-1]


def _url_credentials(value: str) -> str:
    scheme, _, rest = value.partition("://")
    userinfo, _, host = rest.rpartition("@")
    return f"{scheme}://{userinfo[:1]}***:***@{host}"


_STAR_DIGITS = str.maketrans("0123456789", "*" * 10)


def _keep_last_digits(value: str, keep: int) -> str:
    if value.isascii():  # the usual value: its digits are 0-9, hidden up to the last `keep` at once
        seen = 0
        for cut in range(len(value) - 1, -1, -1):
            if value[cut].isdigit():
                seen += 1
                if seen == keep:
                    return value[:cut].translate(_STAR_DIGITS) + value[cut:]
        return value
    digits = [index for index, ch in enumerate(value) if ch.isdigit()]
    if len(digits) <= keep:
        return value
    chars = list(value)
    for index in digits[:-keep]:
        chars[index] = "*"
    return "".join(chars)


def _iban(value: str) -> str:
    return value[:2] + _stars(value[2:-2]) + value[-2:]


def _ip(value: str) -> str:
    head = _HEX_HEAD.match(value).group()  # type: ignore[union-attr]  # `*` matches empty text
    return head + _stars(value[len(head):])


def _crypto(value: str) -> str:
    return value[:3] + "***" + value[-3:]


def _words(value: str) -> str:
    """Names and places: the first letter of each word."""
    return _WORD.sub(lambda m: m.group()[0] + "***", value)


_MASKERS: dict[str, Callable[[str], str]] = {
    "EMAIL_ADDRESS": _email,
    "URL_CREDENTIALS": _url_credentials,
    "PHONE_NUMBER": lambda value: _keep_last_digits(value, 2),
    "CREDIT_CARD": lambda value: _keep_last_digits(value, 4),
    "US_SSN": lambda value: _keep_last_digits(value, 4),
    "IBAN_CODE": _iban,
    "IP_ADDRESS": _ip,
    "CRYPTO": _crypto,
}


def replace_spans(text: str, replacements: Iterable[tuple[int, int, str]]) -> str:
    """`text` with each (start, end, new) span, in order and not overlapping, replaced by `new`."""
    parts, end = [], 0
    for start, stop, new in replacements:
        parts += [text[end:start], new]
        end = stop
    parts.append(text[end:])
    return "".join(parts)
