"""PI005 iban."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.rules.privacy._base import PiiRule


class Iban(PiiRule):
    """Text holds an international bank account number (IBAN).

    ## What it does
    Finds IBANs with presidio-analyzer: a country code, two check digits and the account, with
    or without spaces, that pass the IBAN checksum and the country's length and format.

    Reports show the country and the last two characters (`GB** **** ... **32`) unless
    `--show-pii` is given.

    ## Why it matters
    A bank account number is financial personal data. It is an error: no fine-tuning set
    should hold one.

    ## Example
    `"content": "Pay to GB82 WEST 1234 5698 7654 32"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each IBAN with `<IBAN_1>`, `<IBAN_2>`...

    ## Options
    `allow`, `min-score`, `placeholder`.
    """

    code = "PI005"
    name = "iban"
    default_severity = Severity.ERROR
    entity, label, labels, token = "IBAN_CODE", "IBAN", "IBANs", "IBAN"
