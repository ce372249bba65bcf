"""PI003 credit-card-number."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT, card_named, plausible_card
from ftlint.rules.privacy._base import PiiOptions, PiiRule


class CardOptions(PiiOptions):
    # The card networks' published test numbers (payment documentation is full of them).
    allow: list[AllowPattern] = list(ALLOWED_BY_DEFAULT["CREDIT_CARD"])


class CreditCardNumber(PiiRule):
    """Text holds a payment card number.

    ## What it does
    Finds card numbers with presidio-analyzer: 12 to 19 digits with the networks' prefixes that
    pass the Luhn checksum, with or without spaces and dashes. The networks' and payment processors'
    published test numbers (`4111 1111 1111 1111`, `4242 4242 4242 4242`, `5105 1051 0510 5100`,
    `3782 822463 10005`, ...) are allowed by default.

    A Luhn-valid run of digits is a card only when it is written as cards are (groups of four, or
    Amex's 4-6-5) or when the text within 60 characters says card, Visa, CVV, payment, charge...:
    one in ten digit runs passes Luhn, so sums and products in math answers (`= 4212883012996`)
    would otherwise be called cards. An amount or a term of a sum is never a card, whatever words
    are near (`payment of $4212883012996`, `= 4212883012996`, `4212883012996 dollars`, inside a
    `<<...>>` calculator annotation). A number the text names as a card is an error; one only
    written as a card (`Reference 4539 1488 0343 6467`) is a warning, since an order or account
    number can be grouped the same way. A severity set for PI003 in config applies to both.

    Reports show only the last four digits (`**** **** **** 1111`) unless `--show-pii` is given.

    ## Why it matters
    A card number in training data is a payment-data leak waiting to be generated. It is an
    error: no fine-tuning set should hold one (a warning when nothing says it is a card).

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

    def plausible(self, text: str, start: int, end: int) -> bool:
        return plausible_card(text, start, end)

    def severity_of(self, text: str, values: list[tuple[int, int, str]]) -> Severity | None:
        # Written as a card but named as none: likely a card, maybe an order or account number.
        return None if any(card_named(text, start, end) for start, end, _ in values) else Severity.WARNING

