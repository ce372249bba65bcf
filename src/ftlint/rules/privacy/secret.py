"""PI011 secret."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation, pointer
from ftlint.core.option_types import AllowPattern
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule, RuleOptions
from ftlint.privacy.mask import replace_spans
from ftlint.privacy.secrets import DSN_PASSWORD, Secret, line_may_hold_secret, mask_secret, secret_spans
from ftlint.rules._texts import strings
from ftlint.rules.privacy._allow import AllowList
from ftlint.rules.privacy._base import numbering

Hit = tuple[str, str, list[Secret]]  # a string's pointer, the string, the credentials in it


class SecretOptions(RuleOptions):
    allow: list[AllowPattern] = []
    """Regular expressions; a value is not reported when one is found in it (a key known to be
    revoked, a test account's)."""
    placeholder: Literal["numbered", "type"] = "numbered"
    """What the fix writes: `<SECRET_1>`, `<SECRET_2>` per distinct value in a record, or `<SECRET>`."""


def may_hold_secret(record: Record) -> bool:
    """The gate: the raw line's screen (most lines stop there), then the record's one scan."""
    return line_may_hold_secret(record.line.raw) and bool(scan(record))


def scan(record: Record) -> list[Hit]:
    """The strings of `record` holding credentials, computed once per record."""
    hits = record.memo.get("secrets")
    if hits is None:
        hits = record.memo["secrets"] = [(pointer(*where), text, found) for where, text in strings(record.data)
                                         if (found := secret_spans(text))]
    return hits


class LiveSecret(RecordRule):
    """Text holds a credential: a cloud or API key, a token, a private key, a password.

    ## What it does
    Finds credentials by their vendors' fixed formats (the patterns of detect-secrets' plugins and
    of gitleaks' rules): AWS access keys (`AKIA...`) and secret keys named as such, GitHub, GitLab,
    Slack, Stripe live, OpenAI, Anthropic, Google, SendGrid, npm, PyPI, Square, Azure storage,
    Artifactory, Hugging Face and Mailchimp keys and tokens, private-key blocks
    (`-----BEGIN RSA PRIVATE KEY-----` with its body), and the password of a connection string
    (`Server=...;User Id=...;Password=...`, `host=... user=... password=...`, `?user=...&password=...`).
    A URL with a user and password (`postgres://user:pass@host`) is PI008's, reported once.

    Documented example keys (`AKIAIOSFODNN7EXAMPLE`), placeholders (`sk-...`, `YOUR_API_KEY`,
    `<token>`, `ghp_xxxx...`), Stripe test keys, public keys and headers without a body are not
    reported. Nor is a guess from a keyword or from randomness: hashes, UUIDs and base64 images
    look random too. Reports show only the kind and the value's public prefix (`sk-p***`), even
    with `--show-pii`.

    ## Why it matters
    A live secret in a training file is leaked twice: to everyone who can read the file, and to
    everyone who can prompt the model trained on it, which may repeat it word for word.

    ## Example
    `"content": "Use this key: AKIAQ3EGRTLJ5HXN2WKD"`.

    ## Fix
    Revoke the credential first: it has been exposed. Then unsafe: `ftlint fix --unsafe-fixes`
    replaces each value with `<SECRET_1>`, `<SECRET_2>`..., the same value getting the same
    placeholder in every message of the record (`placeholder = "type"` writes `<SECRET>`).

    ## Options
    `allow` (regular expressions of values not to report), `placeholder` (`numbered` or `type`).
    """

    code = "PI011"
    name = "secret"
    default_severity = Severity.ERROR
    gate = staticmethod(may_hold_secret)
    fix_availability = FixAvailability.ALWAYS
    Options: ClassVar[type[RuleOptions]] = SecretOptions

    def __init__(self, options: RuleOptions | None = None, **kwargs: Any) -> None:
        super().__init__(options, **kwargs)
        assert isinstance(self.options, SecretOptions)
        self.settings: SecretOptions = self.options
        self._allow = AllowList(self.settings.allow, f"{self.code} `allow`")

    def check_record(self, record: Record) -> Iterable[Violation]:
        found: list[Hit] = []
        allow, line = self._allow, record.line.number
        for at, text, secrets in scan(record):
            kept = [s for s in secrets if allow.empty or not allow.allows(text[s.start:s.end], line)]
            if kept:
                found.append((at, text, kept))
        if not found:
            return ()
        numbers = numbering([text[s.start:s.end] for _, text, secrets in found for s in secrets])
        return [self._violation(at, text, secrets, numbers) for at, text, secrets in found]

    def _violation(self, at: str, text: str, secrets: list[Secret], numbers: dict[str, int]) -> Violation:
        # The value is never shown, `--show-pii` or not: the prefix names the key, not the secret.
        shown = list(dict.fromkeys(f"{s.label} {mask_secret(text, s)}" for s in secrets))
        # A password is changed; a key or token is revoked (and a new one issued).
        act = "change" if all(s.label == DSN_PASSWORD for s in secrets) else "revoke"
        if len(secrets) == 1:
            what, them = f"{secrets[0].label} ({mask_secret(text, secrets[0])})", "it"
        else:
            what, them = f"{len(secrets)} secrets ({', '.join(shown[:3])}{', ...' if len(shown) > 3 else ''})", "them"
        numbered = self.settings.placeholder == "numbered"
        redacted = replace_spans(text, [(s.start, s.end, f"<SECRET_{numbers[text[s.start:s.end]]}>" if numbered
                                         else "<SECRET>") for s in secrets])
        fix = Fix("replace the secrets with placeholders", Applicability.UNSAFE, (SetValue(at, redacted, text),))
        return Violation(f"text holds {what}: {act} {them}, then redact with `ftlint fix --unsafe-fixes`",
                         pointer=at, fix=fix)
