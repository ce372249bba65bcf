"""PI002 phone-number."""

from __future__ import annotations

import re

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.rules.privacy._base import PiiOptions, PiiRule

# libphonenumber accepts many digit strings as valid somewhere (Germany's numbering is very open),
# so presidio's phone numbers without context words include decimals, year ranges and results of
# sums. These tell them apart from numbers written to be dialled.
MIN_DIGITS = 7  # the shortest numbers anyone dials with an area code; presidio takes `1648` too
_DECIMAL = re.compile(r"^\d+\.\d+$")
_YEARS = re.compile(r"^\(?(?:1[0-9]|20)\d\d\s*[-\u2013]\s*(?:1[0-9]|20)\d\d\)?$")
_CONTEXT = re.compile(r"(?i)(?:phone|call|tel|mobile|cell|contact|fax|dial|whatsapp|sms|text me|number|reach)\W")


class PhoneOptions(PiiOptions):
    # 555 numbers are the North American fictional ones (film, examples): `(425) 555-0123`.
    allow: list[AllowPattern] = [r"(?:^|\D)555\D{0,3}\d{4}$"]


class PhoneNumber(PiiRule):
    """Text holds a phone number.

    ## What it does
    Finds phone numbers with presidio-analyzer (libphonenumber's matcher, numbers valid in the US,
    UK, Germany, Israel, India, Canada or Brazil, in any script's digits), behind a screen that
    skips strings without six digits in a row (separators allowed). libphonenumber takes many
    digit strings for numbers, so some of presidio's are not reported: fewer than seven digits,
    decimals (`1.634722222`), year ranges (`1800 - 2000`), parts of a longer number, and a bare
    run of digits (`7866331200`) unless a word like "phone", "call" or "number" comes just before.
    Numbers with the fictional exchange 555 (`555-0123`, `(425) 555 0199`) are allowed by default.

    Reports show the number masked (`(***) ***-**23`) unless `--show-pii` is given.

    ## Why it matters
    A phone number is personal data; a model trained on it can repeat it to anyone.

    ## Example
    `"content": "Call me on +44 20 7946 0958 after six"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each number with `<PHONE_1>`, `<PHONE_2>`...
    (the same number, however it is written, gets the same placeholder within a record).

    ## Options
    `allow`, `min-score` (default 0.4: presidio gives phone numbers 0.4 without context words),
    `placeholder`.
    """

    code = "PI002"
    name = "phone-number"
    default_severity = Severity.WARNING
    entity, label, labels, token = "PHONE_NUMBER", "phone number", "phone numbers", "PHONE"
    Options = PhoneOptions

    def plausible(self, text: str, start: int, end: int) -> bool:
        value = text[start:end]
        before, after = text[max(0, start - 2):start], text[end:end + 2]
        if sum(ch.isdigit() for ch in value) < MIN_DIGITS or _DECIMAL.match(value) or _YEARS.match(value):
            return False
        # Part of a longer number: `150817.6878461314`, `1,234567890`.
        if (before[-1:].isdigit() or re.match(r"[.,]\d", after) or re.search(r"\d[.,]$", before)
                or after[:1].isdigit()):
            return False
        # A bare run of digits is a phone number only when the text around it says so.
        if value.isdigit():
            return _CONTEXT.search(text[max(0, start - 40):start]) is not None
        return True
