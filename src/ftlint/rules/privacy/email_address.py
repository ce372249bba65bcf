"""PI001 email-address."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT
from ftlint.rules.privacy._base import PiiOptions, PiiRule


class EmailOptions(PiiOptions):
    # Domains reserved for examples and tests (RFC 2606) name no one.
    allow: list[AllowPattern] = list(ALLOWED_BY_DEFAULT["EMAIL_ADDRESS"])


class EmailAddress(PiiRule):
    """Text holds an e-mail address.

    ## What it does
    Finds e-mail addresses in every string of the record with presidio-analyzer (its pattern
    and top-level-domain check), behind a screen that skips strings without an `@`. Addresses at
    `example.com`, `example.org`, `example.net` and the `.example`, `.test`, `.invalid` and
    `.localhost` domains are allowed by default, and so are placeholders (`you@yourdomain.com`,
    `jane@example-domain.com`) and the addresses of machines rather than people: an SSH remote
    (`git@github.com:org/repo.git`) and no-reply senders (`noreply@`, `do-not-reply@`).

    Reports show the address masked (`j***@e***.com`) unless `--show-pii` is given.

    ## Why it matters
    A fine-tuned model can repeat what it was trained on; an address in a support ticket becomes
    an address the model may print for anyone. Guides for every provider say to keep personal
    data out of training files.

    ## Example
    `"content": "Write to me at jane.doe@acme-mail.com"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each address with `<EMAIL_1>`, `<EMAIL_2>`...,
    the same address getting the same placeholder in every message of the record
    (`placeholder = "type"` writes `<EMAIL>`).

    ## Options
    `allow` (regular expressions of values not to report), `min-score` (presidio's confidence,
    default 0.4), `placeholder` (`numbered` or `type`).
    """

    code = "PI001"
    name = "email-address"
    default_severity = Severity.WARNING
    entity, label, labels, token = "EMAIL_ADDRESS", "e-mail address", "e-mail addresses", "EMAIL"
    Options = EmailOptions
