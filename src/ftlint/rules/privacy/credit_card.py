"""PI003 credit-card-number."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.rules.privacy._base import PiiOptions, PiiRule


class CardOptions(PiiOptions):
    # The card networks' published test numbers (payment documentation is full of them).
    allow: list[str] = [r"^(?:4111111111111111|4242424242424242|5555555555554444|378282246310005|6011111111111117)$"]


class CreditCardNumber(PiiRule):
    """Text holds a payment card number.

    ## What it does
    Finds card numbers with presidio-analyzer: 12 to 19 digits with the networks' prefixes that
    pass the Luhn checksum, with or without spaces and dashes. The networks' published test
    numbers (`4111 1111 1111 1111`, `4242 4242 4242 4242`, ...) are allowed by default.

    Reports show only the last four digits (`**** **** **** 1111`) unless `--show-pii` is given.

    ## Why it matters
    A card number in training data is a payment-data leak waiting to be generated. It is an
    error: no fine-tuning set should hold one.

    ## Example
    `"content": "Charge it to 4539 1488 0343 6467"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each number with `<CARD_1>`, `<CARD_2>`...

    ## Options
    `allow`, `min-score`, `placeholder`.
    """

    code = "PI003"
    name = "credit-card-number"
    default_severity = Severity.ERROR
    entity, label, labels, token = "CREDIT_CARD", "card number", "card numbers", "CARD"
    Options = CardOptions
