"""PI002 phone-number."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT, plausible_phone
from ftlint.rules.privacy._base import PiiOptions, PiiRule


class PhoneOptions(PiiOptions):
    # 555 numbers are the North American fictional ones (film, examples): `(425) 555-0123`, `(555) 123-4567`.
    allow: list[AllowPattern] = list(ALLOWED_BY_DEFAULT["PHONE_NUMBER"])


class PhoneNumber(PiiRule):
    """Text holds a phone number.

    ## What it does
    Finds phone numbers as presidio-analyzer does (libphonenumber's matcher, numbers valid in the
    US, UK, Germany, France, Israel, India, Canada or Brazil, in any script's digits), behind a
    screen that skips strings without six digits near each other. A number written with its
    country code (`+44 20 7946 0958`, the `+` against its digits) is judged as that country's
    number alone, and is reported when valid there or when it has the length of that country's
    numbers (`+1 (338) 298-5726`, an area code not yet given out: still written to be dialled).
    libphonenumber takes many digit strings for numbers, so some of presidio's are not reported:
    fewer than seven digits (an extension's digits do not count: `030755 ext 7540`),
    decimals (`1.634722222`, `POINT(-49.0620322 58.3349321)`), year ranges (`1800 - 2000`), dates
    with or without a time (`05-05-2031`, `07.21.2027 04:22`), versions (`version 6.59.1470.994`,
    `Chrome/93.0.1093.862`, four dotted parts one of which has a single digit: `25.5.6450.186`),
    OIDs, numbers labelled as identifiers (`Part no. 16-8003-596`, `SKU`, `Order #`, `ISBN`, `ref`),
    parts of a longer number; and a bare run of digits (`7866331200`, `seed(1724813583)`) unless a
    phone word comes just before, and arithmetic unless such a word comes before it: a calculator
    annotation (`<<6000-2000=4000>>`), a number with `=` or a currency sign around it, decimals
    (`0.75-0.25-0.10`), a spaced operator, two plain numbers joined by an operator or a dash
    (`34500-33000`, `4000-4999`). Phone words are "phone", "tel", "mobile", "fax", "contact",
    "reach" and the like; "number" only as someone's or some kind of number ("my number", "office
    number": not "number of parameters"); "call" only as a call to someone ("call me", "call us
    at", "Call: ..."; not "each API call took"). Numbers with the fictional exchange or area code
    555 (`555-0123`, `(425) 555 0199`, `(555) 123-4567`) are allowed by default.

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
        return plausible_phone(text, start, end)
