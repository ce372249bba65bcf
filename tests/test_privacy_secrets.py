"""Credentials in the data (PI011, `ftlint.privacy.secrets`): each kind found whatever surrounds it,
the screen never hiding one, no report showing one (not even with `--show-pii`), and a URL with a
password reported once (PI008's)."""

from __future__ import annotations

import json
import random
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.privacy.masking import mask_line, mask_text
from ftlint.privacy.secrets import KINDS, find_secrets, line_may_hold_secret, secret_spans
from tests.test_masking import every_report, ftlint, write_dataset

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + string.digits


def _random(rng: random.Random, n: int, alphabet: str = ALNUM) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


# One value of each kind, made from a seed (random strings in the vendors' formats, never real keys).
MAKERS = {
    "an AWS access key": lambda r: "AKIA" + _random(r, 16, UPPER),
    "a GitHub token": lambda r: "ghp_" + _random(r, 36),
    "a GitLab token": lambda r: "glpat-" + _random(r, 20, ALNUM + "_-"),
    "a Slack token": lambda r: f"xoxb-{_random(r, 12, string.digits)}-{_random(r, 13, string.digits)}-{_random(r, 24)}",
    "a Stripe live secret key": lambda r: "sk_live_" + _random(r, 24),
    "an OpenAI API key": lambda r: f"sk-proj-{_random(r, 74, ALNUM + '_-')}T3BlbkFJ{_random(r, 74, ALNUM + '_-')}",
    "an Anthropic API key": lambda r: "sk-ant-api03-" + _random(r, 93, ALNUM + "_-") + "AA",
    "a Google API key": lambda r: "AIza" + _random(r, 35, ALNUM + "_-"),
    "a SendGrid API key": lambda r: f"SG.{_random(r, 22)}.{_random(r, 43)}",
    "an npm access token": lambda r: "npm_" + _random(r, 36),
    "a PyPI API token": lambda r: "pypi-AgEIcHlwaS5vcmc" + _random(r, 80, ALNUM + "_-"),
    "a Square token": lambda r: "sq0csp-" + _random(r, 43),
    "an Artifactory API key": lambda r: "AKCp" + _random(r, 69),
    "a Hugging Face token": lambda r: "hf_" + _random(r, 34, string.ascii_letters),
    "a Mailchimp API key": lambda r: _random(r, 32, "0123456789abcdef") + "-us6",
}
# Where a kind's value stands in text: the words before and after it.
CONTEXTS = {
    "an AWS secret access key": ('aws_secret_access_key = "', '"'),
    "an Azure storage account key": ("DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=", ";"),
    "a password in a connection string": ("Server=db.acme.io;Database=prod;User Id=sa;Password=", ";Encrypt=true"),
}
CONTEXT_MAKERS = {
    "an AWS secret access key": lambda r: _random(r, 39, ALNUM + "/+") + "Q",
    "an Azure storage account key": lambda r: _random(r, 86, ALNUM + "+/") + "==",
    "a password in a connection string": lambda r: _random(r, 12),
}


def test_every_kind_has_a_maker() -> None:
    assert {kind.label for kind in KINDS} == set(MAKERS) | set(CONTEXTS) - {"a password in a connection string"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), label=st.sampled_from(sorted([*MAKERS, *CONTEXTS])),
       before=st.sampled_from(["", "key: ", "Use `", "export TOKEN=", "(", "\n", "é "]),
       after=st.sampled_from(["", " now", "`.", ")", "\n", ", then", " é"]))
def test_each_kind_is_found_where_it_stands_and_the_screen_lets_it_through(
        seed: int, label: str, before: str, after: str) -> None:
    rng = random.Random(seed)
    if label in CONTEXTS:
        prefix, suffix = CONTEXTS[label]
        value = CONTEXT_MAKERS[label](rng)
        text = f"{before}{prefix}{value}{suffix}{after}"
    else:
        value = MAKERS[label](rng)
        text = f"{before}{value}{after}"
    found = secret_spans(text)
    assert [(text[s.start:s.end], s.label) for s in found] == [(value, label)]
    line = json.dumps({"messages": [{"role": "user", "content": text}]}).encode()
    assert line_may_hold_secret(line)
    assert value not in mask_text(text) and value not in mask_text(text, personal=False)


# Text made of the kinds' pieces: anchors, key characters, words and separators, so that values and
# near values are common. The screen must let through every string in which one is found.
_PIECES = ["AKIA", "ASIA", "AIza", "AKCp", "AWS", "Aws", "aws_", "ghp_", "github_pat_", "glpat-", "gldt-", "xoxb-",
           "sk_live_", "rk_live_", "sk-", "sk-proj-", "T3BlbkFJ", "sk-ant-api03-", "SG.", "npm_", "_authToken=",
           "pypi-AgEIcHlwaS5vcmc", "sq0csp-", "AccountKey=", "hf_", "-us1", "-----BEGIN RSA PRIVATE KEY-----",
           "-----END RSA PRIVATE KEY-----", "Password=", "password =", "PWD=", "host=db ", "user=app ", "Server=x;",
           " key ", "'", '"', ";", "&", "\n", "\\n", " ", "-", "_", "=", ".", "/", "+", "AA"]
# Runs of key characters, many of the lengths the kinds take.
_LENGTHS = st.sampled_from([16, 20, 22, 24, 32, 34, 35, 36, 40, 43, 69, 70, 74, 82, 86, 93])
_RUNS = st.one_of(st.text(alphabet=ALNUM, min_size=1, max_size=100),
                  _LENGTHS.flatmap(lambda n: st.text(alphabet=ALNUM, min_size=n, max_size=n)),
                  _LENGTHS.flatmap(lambda n: st.text(alphabet=UPPER, min_size=n, max_size=n)))
_CHUNKS = st.one_of(st.sampled_from(_PIECES), st.tuples(st.sampled_from(_PIECES), _RUNS).map("".join))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_CHUNKS, max_size=10))
def test_the_screen_never_hides_a_credential(parts: list[str]) -> None:
    text = "".join(parts)
    if find_secrets(text):
        assert line_may_hold_secret(text.encode("utf-8")), text
        assert line_may_hold_secret(json.dumps({"content": text}).encode()), text


@pytest.mark.parametrize("text", [
    "AKIAIOSFODNN7EXAMPLE",  # AWS's documentation key
    'aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    'aws_key = "da39a3ee5e6b4b0d3255bfef95601890afd80709"',  # a SHA-1, one case
    "AKIAXXXXXXXXXXXXXXXX", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
    "OPENAI_API_KEY=sk-...", "api_key = 'YOUR_API_KEY'", "Authorization: Bearer <token>",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",  # a Stripe test key moves no money
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "123e4567-e89b-12d3-a456-426614174000",
    "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeL\n"
    "-----END PUBLIC KEY-----",
    "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
    'client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])',
    "conn = psycopg2.connect(host=host, user=user, password=args.db_pass)",
    'mysql.connector.connect(host="localhost", user="yourusername", password="yourpassword")',
    "host=db user=app password=${DB_PASSWORD}", "Server=db;User Id=sa;Password=<your password>;",
    "Server=db;User Id=sa;Password=changeme;", "the password=hunter22 is weak",  # no server or user beside it
    "xoxb-your-token-here", "a risk-free AI plan: see the SG. office and AWS docs",
])
def test_near_misses_are_not_credentials(text: str) -> None:
    assert find_secrets(text) == []


def test_a_url_with_a_password_is_pi008s_alone(tmp_path: Path) -> None:
    token = "ghp_" + _random(random.Random(7), 36)
    record = {"messages": [{"role": "user", "content": f"git clone https://x-access-token:{token}@github.com/acme/app"},
                           {"role": "assistant", "content": "Done."}]}
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    found = json.loads(ftlint("check", str(path), "--select", "PI008,PI011", "--output-format", "json").stdout)
    assert [f["code"] for f in found["findings"]] == ["PI008"]
    assert token not in json.dumps(found)


def test_a_private_key_escaped_in_a_diff_line_is_masked() -> None:
    body = "\n".join(_random(random.Random(3), 64, ALNUM + "+/") for _ in range(3))
    block = f"-----BEGIN EC PRIVATE KEY-----\n{body}\n-----END EC PRIVATE KEY-----"
    line = json.dumps({"messages": [{"role": "user", "content": f"key:\n{block}"}]})
    for personal in (True, False):
        shown = mask_line(line, personal)
        assert body.split("\n")[1] not in shown and "-----BEGIN EC PRIVATE KEY-----***" in shown
        assert shown.startswith('{"messages": [{"role": "user", "content": "key:\\n')


def test_no_report_shows_a_credential_even_with_show_pii(tmp_path: Path) -> None:
    rng = random.Random(11)
    keys = [MAKERS[label](rng) for label in ("an AWS access key", "a GitHub token", "an OpenAI API key",
                                             "a Google API key", "a Slack token")]
    password = "Zq7vTx92Lm"  # a URL's password is PI008's finding, and a credential all the same
    write_dataset(tmp_path, ["zed.quinn@leakmail.net", *keys, f"postgres://zed:{password}@db.internal:5432/app"])
    for show_pii in (False, True):
        for name, shown in every_report(tmp_path, [], show_pii=show_pii).items():
            assert not [key for key in [*keys, password] if key in shown], (name, show_pii)
    paths = [str(p) for p in sorted(tmp_path.glob("*.jsonl"))]
    text = ftlint("check", *paths, "--select", "PI011", "--show-pii").stdout
    assert "text holds an AWS access key (AKIA***): revoke it" in text
    assert "ghp_***" in text and "sk-p***" in text and "AIza***" in text


def test_the_fix_redacts_and_leaves_other_lines_byte_identical(tmp_path: Path) -> None:
    key = MAKERS["a Stripe live secret key"](random.Random(5))
    untouched = '{"messages":[{"role":"user","content":"hi"} , {"role":"assistant","content":"hello"}]}\n'
    leaked = json.dumps({"messages": [{"role": "user", "content": f"stripe.api_key = '{key}'"},
                                      {"role": "assistant", "content": "Use an environment variable."}]}) + "\n"
    path = tmp_path / "data.jsonl"
    path.write_text(untouched + leaked + untouched, encoding="utf-8")
    run = ftlint("fix", str(path), "--unsafe-fixes", "--select", "PI011")
    assert run.code == 0, run.stderr
    assert path.read_text(encoding="utf-8") == untouched + leaked.replace(key, "<SECRET_1>") + untouched
    assert key not in run.stdout + run.stderr
