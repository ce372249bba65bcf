"""PI004 us-social-security-number."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT
from ftlint.rules.privacy._base import PiiOptions, PiiRule


class SsnOptions(PiiOptions):
    # The SSNs of examples and advertising, which name no one.
    allow: list[AllowPattern] = list(ALLOWED_BY_DEFAULT["US_SSN"])


class UsSocialSecurityNumber(PiiRule):
    """Text holds a US social security number.

    ## What it does
    Finds SSNs with presidio-analyzer: `123-45-6789`, `123 45 6789` and `123.45.6789`, without
    the numbers the SSA never issues (area 000, 666 or 9xx, group 00, serial 0000). Nine digits
    in a row score too low to be reported on their own. The numbers of examples are allowed by
    default: `078-05-1120` (printed on a wallet insert in 1938), the SSA's `219-09-9999` and
    advertising block `987-65-4320` to `4329`, `123-45-6789`, and groups of one repeated digit
    (`111-22-3333`). A number written as an SSN is never reported as a phone number (PI002).

    Reports show only the last four digits (`***-**-6789`) unless `--show-pii` is given.

    ## Why it matters
    An SSN is the key to a person's credit and identity. It is an error: no fine-tuning set
    should hold one.

    ## Example
    `"content": "My SSN is 536-80-4398"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each number with `<SSN_1>`, `<SSN_2>`...

    ## Options
    `allow`, `min-score`, `placeholder`.
    """

    code = "PI004"
    name = "us-social-security-number"
    default_severity = Severity.ERROR
    entity, label, labels, token = "US_SSN", "social security number", "social security numbers", "SSN"
    Options = SsnOptions
