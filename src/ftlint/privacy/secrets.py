"""Credentials in text: cloud and API keys, tokens, private-key blocks, passwords in connection strings.

The same answer for the PI011 rule and for every report's masking. Each kind is a vendor's fixed
format, written after detect-secrets 1.5.0's plugins (Yelp; Apache-2.0) and gitleaks' default rules
(MIT) for the vendors detect-secrets lacks (Google, Anthropic, Hugging Face, GitHub's fine-grained
tokens): a prefix the vendor chose so that leaks can be found, then the key's alphabet and length.
No keyword or entropy guess: in training data those fire on hashes, UUIDs, base64 images and
commit ids. A value that is a documented example (`AKIAIOSFODNN7EXAMPLE`) or a placeholder
(`ghp_xxxx...`, `sk-...`, `YOUR_API_KEY`, `<token>`) is no live secret and is not reported.

Cheap when there is none (`line_may_hold_secret`): the raw line is searched for the kinds'
anchors (`AKIA`, `ghp_`, `sk-`, `password=`, ...), a few microseconds a line; each kind's expression
runs only on the strings of a line that holds one, and only when the string holds its anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of credential: its article and name for messages, the substrings one of which every
    value holds (a cheap test before the expression), the expression, and how much of a value's
    start is its public prefix (shown masked: `ghp_***`)."""

    label: str
    anchors: tuple[str, ...]
    pattern: re.Pattern[str]
    shown: int = 4
    mixed_case: bool = False  # real values mix cases (a hex digest, all one case, is not one)


_END = r"(?![\w-])"  # the key ends where the run of key characters ends
KINDS: tuple[Kind, ...] = (
    # detect-secrets AWSKeyDetector; the ID alone gives away the account and goes with its secret.
    Kind("an AWS access key", ("AKIA", "ASIA", "ABIA", "ACCA"),
         re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])")),
    # ... and its secret-key expression (the key named near a 40-character value in quotes).
    # (`aws` as the screen finds it: `AWS`, `Aws`, or `aws_` as in `aws_secret_access_key`.)
    Kind("an AWS secret access key", ("AWS", "Aws", "aws_"),
         re.compile(r"(?:AWS|Aws|aws_).{0,20}?(?i:key|pwd|pw|password|pass|token).{0,20}?['\"]([0-9a-zA-Z/+]{40})['\"]"),
         0, True),
    # GitHubTokenDetector, and gitleaks' github-fine-grained-pat.
    Kind("a GitHub token", ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
         re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})" + _END)),
    Kind("a GitLab token", ("glpat-", "gldt-", "glft-", "glsoat-", "glrt-", "glptt-", "glcbt-"),
         re.compile(r"\b(?:(?:glpat|gldt|glft|glsoat|glrt|glptt)-|glcbt-(?:[0-9a-fA-F]{2}_)?)"
                    r"[A-Za-z0-9_-]{20,50}" + _END)),
    # SlackDetector, with the numeric parts real tokens have (`xoxb-1234-...` is a docs' placeholder).
    Kind("a Slack token", ("xox",), re.compile(r"\bxox[abposr]-(?:[0-9]{8,}-)+[A-Za-z0-9]{16,}" + _END)),
    Kind("a Stripe live secret key", ("k_live_",), re.compile(r"\b[rs]k_live_[0-9a-zA-Z]{24,}" + _END)),
    # OpenAIDetector: `T3BlbkFJ` ("OpenAI" in base64) sits in every key, old (`sk-`) and project (`sk-proj-`).
    Kind("an OpenAI API key", ("T3BlbkFJ",),
         re.compile(r"\bsk-[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}" + _END)),
    Kind("an Anthropic API key", ("sk-ant-",), re.compile(r"\bsk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA" + _END)),
    Kind("a Google API key", ("AIza",), re.compile(r"\bAIza[0-9A-Za-z_-]{35}" + _END)),  # gitleaks gcp-api-key
    Kind("a SendGrid API key", ("SG.",), re.compile(r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _END), 3),
    # gitleaks' npm-access-token, and NpmDetector's `.npmrc` line (`//registry.../:_authToken=<uuid>`).
    Kind("an npm access token", ("npm_", "_authToken="),
         re.compile(r"\bnpm_[A-Za-z0-9]{36}" + _END
                    + r"|(?<=_authToken=)[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b")),
    Kind("a PyPI API token", ("pypi-Ag",),
         re.compile(r"\bpypi-Ag(?:EIcHlwaS5vcmc|ENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{70,}" + _END)),
    Kind("a Square token", ("sq0csp-", "sq0atp-"),
         re.compile(r"\b(?:sq0csp-[0-9A-Za-z_-]{43}|sq0atp-[0-9A-Za-z_-]{22})" + _END)),
    Kind("an Azure storage account key", ("AccountKey=",),
         re.compile(r"(?<=AccountKey=)[A-Za-z0-9+/]{86}=="), 0),
    Kind("an Artifactory API key", ("AKCp",), re.compile(r"\bAKCp[A-Za-z0-9]{69}\b")),  # gitleaks, tighter
    Kind("a Hugging Face token", ("hf_",), re.compile(r"\bhf_[A-Za-z]{34}\b"), 3, True),  # gitleaks
    Kind("a Mailchimp API key", ("-us",), re.compile(r"\b[0-9a-f]{32}-us[0-9]{1,2}\b"), 0),
)
PRIVATE_KEY = "a private key block"
DSN_PASSWORD = "a password in a connection string"


@dataclass(frozen=True)
class Secret:
    """A credential found in a string: where, and its kind's label."""

    start: int
    end: int
    label: str


def secret_spans(text: str) -> list[Secret]:
    """The credentials in `text`, in order and not overlapping (cheap when none: `text_may_hold_secret`)."""
    return find_secrets(text) if text_may_hold_secret(text) else []


def find_secrets(text: str) -> list[Secret]:
    """`secret_spans` without the screen (a test compares the two)."""
    found = []
    for kind in KINDS:
        if any(anchor in text for anchor in kind.anchors):
            for match in kind.pattern.finditer(text):
                start, end = match.span(match.lastindex or 0)  # the value, without the words naming it
                if _live(text[start:end], kind.mixed_case):
                    found.append(Secret(start, end, kind.label))
    if "PRIVATE KEY" in text:
        found += _private_keys(text)
    if "=" in text:
        found += _dsn_passwords(text)
    if not found:
        return []
    if len(found) > 1:
        found.sort(key=lambda s: (s.start, -s.end))
        found = [s for i, s in enumerate(found) if i == 0 or s.start >= max(t.end for t in found[:i])]
    for m in _URL_CREDENTIALS.finditer(text):  # PI008's: one value, reported once
        found = [s for s in found if s.end <= m.start() or s.start >= m.end()]
    return found


def mask_secret(text: str, secret: Secret) -> str:
    """The masked form of a found credential: its kind's public prefix and `***`."""
    value = text[secret.start:secret.end]
    if secret.label == PRIVATE_KEY:
        return value[:value.index("-----", 5) + 5] + "***"  # the header: names the key's type, holds none of it
    shown = next((kind.shown for kind in KINDS if kind.label == secret.label), 0)
    return value[:shown] + "***"


# --- what is no live secret -----------------------------------------------------------------------

# Documentation keys (AWS's own `AKIAIOSFODNN7EXAMPLE`), templates and redactions.
_PLACEHOLDER = re.compile(r"(?i)example|sample|dummy|fake|your|x{4}|\*{3}|\.{3}|0{8}|<|>|\{|\}|\$"
                          r"|0123456789|123456789|abcdefgh|(.)\1{7}")


def _live(value: str, mixed_case: bool = False) -> bool:
    """Whether `value` may be a real key: no placeholder's marks, and the variety of a random string."""
    if mixed_case and (value.islower() or value.isupper() or value.isdigit()):
        return False
    return not _PLACEHOLDER.search(value) and len(set(value)) >= min(10, len(value) // 3)


# --- private-key blocks -----------------------------------------------------------------------------

# detect-secrets PrivateKeyDetector's headers; a block is reported with its body, when it has one.
_KEY_HEADER = re.compile(r"-----BEGIN (?:RSA |DSA |EC |OPENSSH |ENCRYPTED |PGP |SSH2 ENCRYPTED )?PRIVATE KEY"
                         r"(?: BLOCK)?-----")
_KEY_BODY = re.compile(r"(?:[ \t\r\n]|\\n)*(?:[A-Za-z-]+: [^\n]*\n)*((?:[A-Za-z0-9+/=]|[ \t\r\n]|\\n)*)")
_KEY_FOOTER = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----")
_MIN_KEY_BODY = 64  # base64 characters: a real key has hundreds; `MIIEpAIBAAKCAQEA...` is a placeholder
_MIN_KEY_VARIETY = 24  # distinct characters: random base64 has ~60 in 64
_KEY_SPACE = re.compile(r"\s|\\n")


def _private_keys(text: str) -> list[Secret]:
    found = []
    for header in _KEY_HEADER.finditer(text):
        body = _KEY_BODY.match(text, header.end())
        assert body is not None  # (every part may be empty)
        characters = _KEY_SPACE.sub("", body.group(1))
        # (Not `_live`: a key's DER or OpenSSH encoding has runs of `A`.)
        if len(characters) < _MIN_KEY_BODY or len(set(characters)) < _MIN_KEY_VARIETY:
            continue
        end = body.end()
        footer = _KEY_FOOTER.match(text, end)
        found.append(Secret(header.start(), footer.end() if footer else end, PRIVATE_KEY))
    return found


# --- passwords in connection strings ---------------------------------------------------------------

# `Server=db;User Id=sa;Password=...;` (ADO.NET, ODBC), `host=db user=app password=...` (libpq),
# `?user=app&password=...` (JDBC): the password's value, in a string naming a server or user too.
_DSN_PASSWORD = re.compile(r"(?:^|(?<=[\s;?&\"'(]))(?:[Pp]assword|PASSWORD|[Pp]wd|PWD) ?= ?"
                           r"([^\s;&\"'(){}<>$%`,\[\]]{4,})")
_DSN_KEY = re.compile(r"(?i)(?:^|[\s;?&\"'(])(?:server|host|hostaddr|data source|user id|uid|user|username"
                      r"|dbname|database|initial catalog|port)\s*=")
_DUMMY_PASSWORDS = frozenset({"password", "passwd", "secret", "pass", "test", "changeme", "admin", "root", "postgres",
                              "mysecretpassword", "mypassword", "guest", "example", "none", "null", "true", "false"})


def _dsn_passwords(text: str) -> list[Secret]:
    found = []
    for m in _DSN_PASSWORD.finditer(text):
        value = m.group(1).rstrip(".")
        if (value.lower() in _DUMMY_PASSWORDS or _PLACEHOLDER.search(value) or "password" in value.lower()
                or not _in_connection_string(text, m.start(), m.end())):
            continue
        found.append(Secret(m.start(1), m.start(1) + len(value), DSN_PASSWORD))
    return found


# What ends a connection string written in text or code: a quote, a bracket, a comma, a line break.
# Keyword arguments in code (`connect(host=h, user=u, password=pw)`) are split by commas: no key
# stands beside the password there.
_OUTSIDE = re.compile(r"[\"'(),\n`]")


def _in_connection_string(text: str, start: int, end: int) -> bool:
    """Whether the `password=` at text[start:end] stands in a connection string: a server, database,
    user or port key in the same run of `key=value` pairs."""
    before = max((m.end() for m in _OUTSIDE.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    after = _OUTSIDE.search(text, end, end + 300)
    return _DSN_KEY.search(text[before:after.start() if after else end + 300]) is not None


_URL_CREDENTIALS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:]+:([^\s/@]+)@")


def url_password_spans(text: str) -> list[tuple[int, int]]:
    """Where the passwords of `scheme://user:password@host` URLs are in `text` (PI008 reports those URLs;
    a report shown with `--show-pii` still masks their passwords, as every credential)."""
    if "://" not in text or "@" not in text:
        return []
    return [m.span(1) for m in _URL_CREDENTIALS.finditer(text)]


# --- the screens ------------------------------------------------------------------------------------

# Each kind's anchor, found by expressions that start with one literal character: `re` looks for
# such a start at C speed (~1 ns a byte) and tries the rest only there, where an expression starting
# with a class or an alternation tries every position (~20 ns a byte). The anchors with a `_`, `-`
# or `=` are looked for only in a line holding one.
_A_LED = re.compile(rb"A(?:KIA|SIA|BIA|CCA|Iza|KCp|WS|ws)")  # AWS, Google, Artifactory; `AWS` secret keys
_SENDGRID = re.compile(rb"SG\.")  # (`re`'s search for a literal is faster than `in` on bytes)
_UNDERSCORE = re.compile(rb"_(?:(?<=gh[pousr]_)|(?<=github_pat_)|(?<=k_live_)|(?<=npm_)|(?<=hf_)|(?<=aws_)"
                         rb"|(?<=AWS_)|authToken)")
_DASH = re.compile(rb"-(?:(?<=glpat-)|(?<=glsoat-)|(?<=glcbt-)|(?<=glptt-)|(?<=gl[df]t-)|(?<=glrt-)"
                   rb"|(?<=xox[abposr]-)|(?<=sk-)|(?<=pypi-)|(?<=sq0csp-)|(?<=sq0atp-)|us[0-9]|----BEGIN)")
_EQUALS = re.compile(rb"=(?:(?<=AccountKey=)|(?<=[Pp]assword=)|(?<=PASSWORD=)|(?<=[Pp]wd=)|(?<=PWD=)"
                     rb"|(?<=[Pp]assword =)|(?<=PASSWORD =)|(?<=[Pp]wd =)|(?<=PWD =))")


_UNDERSCORE_BYTE, _DASH_BYTE, _EQUALS_BYTE = b"_-="


def line_may_hold_secret(raw: bytes) -> bool:
    """False when no string of this JSON line can hold a credential `secret_spans` finds: none of
    the kinds' anchors is in it (the kinds' own expressions, on the strings, decide the rest)."""
    # (A byte asked for as an int: `95 in raw` is a `memchr`; `b"_" in raw` first tries to read its
    # argument as an int and raises, ten times the cost.)
    return (_A_LED.search(raw) is not None
            or (_UNDERSCORE_BYTE in raw and _UNDERSCORE.search(raw) is not None)
            or (_DASH_BYTE in raw and _DASH.search(raw) is not None)
            or (_EQUALS_BYTE in raw and _EQUALS.search(raw) is not None)
            or _SENDGRID.search(raw) is not None)


def text_may_hold_secret(text: str) -> bool:
    """`line_may_hold_secret` for one string."""
    return line_may_hold_secret(text.encode("utf-8", "surrogatepass"))
