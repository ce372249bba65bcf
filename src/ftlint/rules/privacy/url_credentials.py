"""PI008 url-credentials."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.rules.privacy._base import PiiRule


class UrlCredentials(PiiRule):
    """A URL holds a user name and password.

    ## What it does
    Finds URLs of the form `scheme://user:password@host` (database connection strings, proxies,
    Git remotes), through presidio-analyzer with a recognizer of ftlint's.

    Reports show the user's first letter and the host (`postgres://a***:***@db.internal`) unless
    `--show-pii` is given.

    ## Why it matters
    It is a live secret. A model trained on it can hand it out; whoever reads the training file
    already has it. Rotate the password as well as removing it.

    ## Example
    `"content": "DATABASE_URL=postgres://admin:s3cret@db.acme.io/prod"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each URL with `<URL_CREDENTIALS_1>`, ...

    ## Options
    `allow`, `min-score`, `placeholder`.
    """

    code = "PI008"
    name = "url-credentials"
    default_severity = Severity.ERROR
    entity, label, labels, token = "URL_CREDENTIALS", "URL with credentials", "URLs with credentials", "URL_CREDENTIALS"
