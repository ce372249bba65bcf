"""PI rules: the screen never hides what presidio finds, the rules report what presidio finds, and no
output format shows a value unless --show-pii.

The reference is presidio's own AnalyzerEngine (its recognizers, no model) on the same texts:
a corpus built here (every entity, in the shapes that are easy to miss: other scripts' digits,
IPv6 without digits, wallets with few digits, escaped JSON) mixed into text that looks like PII
and is not, plus every string of the real files in fixtures/realdata.
"""

from __future__ import annotations

import json
import os
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ftlint.core.records import Line, Record
from ftlint.privacy.presidio import BASE_SCORE, URL_CREDENTIALS, Span, settle
from ftlint.privacy.screen import line_may_hold_pii, text_may_hold_pii
from ftlint.rules._texts import strings
from ftlint.rules.privacy._scan import scan
from ftlint.rules.privacy.credit_card import CreditCardNumber
from ftlint.rules.privacy.ip_address import IpAddress
from ftlint.rules.privacy.phone_number import PhoneNumber
from ftlint.rules.registry import rules_by_code
from tests.conftest import FIXTURES, check_paths, run_cli

PRESIDIO_ENTITIES = ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS", "CRYPTO"]
CODE = {"EMAIL_ADDRESS": "PI001", "PHONE_NUMBER": "PI002", "CREDIT_CARD": "PI003", "US_SSN": "PI004",
        "IBAN_CODE": "PI005", "IP_ADDRESS": "PI006", "CRYPTO": "PI007", "URL_CREDENTIALS": "PI008"}

ENTITIES = [
    "jane.doe@acme-mail.com", "o.brien+tag@sub.mail.co.uk", "jörg@exämple.de", "x@y.io",
    "+44 20 7946 0958", "(212) 736-1234", "030 12345678", "212.736.1234", "+49 30 901820",
    # Fullwidth and Arabic-Indic digits: presidio reads both.
    "\uff14\uff12\uff15 \uff17\uff13\uff16 \uff11\uff12\uff13\uff14", "٤١٥-٧٣٦-١٢٣٤", "+1 (415) 736-2671",
    "4539 1488 0343 6467", "5425-2334-3010-9903", "6011000990139424",
    "536-80-4398", "536 80 4398",
    "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "NL91ABNA0417164300",
    "81.2.69.160", "8.8.8.8", "1.2.3.4", "2a03:2880:f12f:83:face:b00c:0:25de", "fe80::1",
    "dead:beef:cafe:babe:dead:beef:cafe:babe", "::ffff:81.2.69.160",
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
    "postgres://admin:s3cret@db.acme.io/prod",
]
# Text that looks like it might hold PII and does not (or holds only what presidio ignores).
LOOKALIKES = [
    "Version 1.2.3 shipped on 2023-11-05 at 12:30:45.", "It costs $1,234.56 (tax 7.5%).", "pi is 3.14159265",
    "The war lasted from 1618 to 1648.", "Use std::vector<int> in C++.", "Note: see: the appendix.",
    "Hash 3f7a9b2c4d5e6f708192a3b4c5d6e7f8.", "See https://docs.acme.io/a?b=1 for details.",
    "for i in range(10):\n    print(i * 42)", "Order #A-1234 is on its way.", "Room 12B, floor 3.",
    "Email me @ noon.", "价格是 ١٢ 元", "The ratio was 1:2:3.", "Call the help desk.",
    "He scored 98 of 100.", "Use port 8080.", "ISBN 978-3-16-148410-0",
]
PROSE = [
    "Thanks for reaching out.", "I will look into it today.", "Here is what I found:", "Let me know if that helps!",
    "The meeting moved to Thursday.", "Résumé attached, merci beaucoup.", "我们明天再谈。", "Straße und Café.",
]


@cache
def reference() -> Any:
    """presidio's own analyzer with its recognizers and no NLP model."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    return AnalyzerEngine(nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}]),
                          supported_languages=["en"])


def presidio_spans(text: str) -> list[Span]:
    """What presidio finds that a PI rule could report: PI002 never reports a phone number of fewer
    than seven digits (presidio calls years and four-digit counts phone numbers), so the screen
    may let those go."""
    found = reference().analyze(text=text, language="en", entities=PRESIDIO_ENTITIES, score_threshold=BASE_SCORE)
    return [Span(r.entity_type, r.start, r.end, r.score) for r in found
            if r.entity_type != "PHONE_NUMBER" or sum(ch.isdigit() for ch in text[r.start:r.end]) >= 7]


def corpus(count: int = 400, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    texts = list(ENTITIES) + LOOKALIKES
    for _ in range(count):
        parts = rng.sample(PROSE, 2) + rng.sample(LOOKALIKES, rng.randint(0, 2))
        parts += rng.sample(ENTITIES, rng.choice((0, 0, 1, 2)))
        rng.shuffle(parts)
        texts.append(rng.choice((" ", "\n", ", ")).join(parts))
    return texts


def real_texts() -> list[str]:
    found: dict[str, None] = {}
    for path in sorted((FIXTURES / "realdata").glob("*.json*")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            found.update((text, None) for _, text in strings(value))
    return list(found)


def _lines(text: str) -> list[bytes]:
    """The text as a record, the ways JSON writers write it (raw UTF-8, and escaped ASCII)."""
    record = {"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "Noted."}]}
    return [json.dumps(record, ensure_ascii=False).encode(), json.dumps(record).encode()]


@pytest.mark.parametrize("source", ["corpus", "realdata"])
def test_screen_lets_through_everything_presidio_finds(source: str) -> None:
    texts = corpus() if source == "corpus" else real_texts()
    with_pii = missed = screened_out = 0
    for text in texts:
        found = presidio_spans(text)
        passes = text_may_hold_pii(text) and all(line_may_hold_pii(raw) for raw in _lines(text))
        if found:
            with_pii += 1
            missed += not passes
            assert passes, f"the screen hides {[(s.entity, text[s.start:s.end]) for s in found]} in {text!r}"
        else:
            screened_out += not passes
    assert missed == 0
    if source == "corpus":
        assert with_pii > 200  # the corpus does hold PII, of every kind
        # ... and the screen is not a sieve that lets everything through.
        assert screened_out > (len(texts) - with_pii) * 0.4


def test_every_entity_kind_is_in_the_corpus() -> None:
    kinds = {span.entity for text in ENTITIES for span in presidio_spans(text)}
    assert kinds == set(PRESIDIO_ENTITIES)


def test_rules_report_what_presidio_finds(tmp_path: Path) -> None:
    texts = corpus(count=150, seed=11)
    path = tmp_path / "pii.jsonl"
    path.write_bytes(b"\n".join(_lines(text)[index % 2] for index, text in enumerate(texts)) + b"\n")
    no_allow = {code: {"allow": []} for code in CODE.values()}
    result = check_paths([path], select=list(CODE.values()), rules=no_allow)
    reported = {(f.line, f.code) for f in result.findings}
    phone = PhoneNumber(target=None)  # type: ignore[arg-type]  # plausible() reads no target
    card = CreditCardNumber(target=None)  # type: ignore[arg-type]
    ip = IpAddress(target=None)  # type: ignore[arg-type]
    expected = set()
    for line, text in enumerate(texts, start=1):
        for span in settle(presidio_spans(text)):
            if span.score < 0.4 or (span.entity == "PHONE_NUMBER" and not phone.plausible(text, span.start, span.end)):
                continue
            if span.entity == "CREDIT_CARD" and not card.plausible(text, span.start, span.end):
                continue
            if span.entity == "IP_ADDRESS" and not ip.plausible(text, span.start, span.end):
                continue
            # An e-mail inside a URL with credentials is reported as the URL (PI008).
            urls = [m.span() for m in re.finditer(URL_CREDENTIALS, text)]
            inside_url = any(a <= span.start and span.end <= b for a, b in urls)
            expected.add((line, "PI008" if inside_url else CODE[span.entity]))
    assert expected and expected <= reported, sorted(expected - reported)
    # Nothing is reported that presidio did not find, but our own URL-with-credentials recognizer.
    assert {r for r in reported if r[1] != "PI008"} <= expected


def test_scan_settles_overlaps() -> None:
    data = {"text": "ip 81.2.69.160, see postgres://bob:pw1@db.acme.io/x"}
    record = Record(Line(1, 0, json.dumps(data).encode(), b"\n"), data, "text", "text", None)

    [(pointer, _, spans)] = scan(record)
    assert pointer == "/text"
    assert [s.entity for s in spans] == ["IP_ADDRESS", "URL_CREDENTIALS"]  # not PHONE inside the IP, nor EMAIL


PII_RECORD = {"messages": [
    {"role": "user", "content": "I am jane.doe@acme-mail.com, card 4539 1488 0343 6467, phone +44 20 7946 0958, "
                                "SSN 536-80-4398, IBAN GB82 WEST 1234 5698 7654 32, from 81.2.69.160, "
                                "BTC 1BoatSLRHtKNngkdXEeobR76b53LETtpyT, db postgres://admin:s3cret@db.acme.io/prod"},
    {"role": "assistant", "content": "Noted."},
]}
# What no report may print: the values and the distinctive parts of them.
SECRETS = ["jane.doe", "acme-mail", "4539", "1488", "0343", "7946", "536-80", "WEST 1234", "5698", "69.160",
           "BoatSLRHtKNngkdXEeobR76b53LET", "s3cret", "admin:"]


@pytest.mark.parametrize("args", [
    ["check"], ["check", "--output-format", "json"], ["check", "--output-format", "github"],
    ["check", "--output-format", "sarif"], ["check", "--output-format", "junit"], ["check", "--statistics"],
    ["stats"], ["stats", "--output-format", "json"], ["fix", "--unsafe-fixes", "--select", "PI"],
    ["fix", "--unsafe-fixes", "--diff"],
])
def test_no_output_format_shows_a_value(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "pii.jsonl"
    path.write_text(json.dumps(PII_RECORD) + "\n", encoding="utf-8")
    html = tmp_path / "report.html"
    extra = ["--html", str(html)] if args[0] == "stats" else []
    run = run_cli(*args, str(path), *extra, cwd=tmp_path)
    assert run.code in (0, 1), run.stderr
    shown = run.stdout + run.stderr + (html.read_text(encoding="utf-8") if html.exists() else "")
    assert "PI00" in shown or args[0] in ("stats", "fix") or "--statistics" in args
    leaked = [secret for secret in SECRETS if secret in shown]
    assert not leaked, leaked
    if "--diff" in args:  # the diff shows the placeholders, and the values masked on the old side
        assert "+" + '{"messages"' in shown and "<EMAIL_1>" in shown and "j***@a***.com" in shown
        assert path.read_text(encoding="utf-8") == json.dumps(PII_RECORD) + "\n"
    elif args[0] == "fix":  # the redaction leaves none of them in the file either
        fixed = path.read_text(encoding="utf-8")
        assert not [secret for secret in SECRETS if secret in fixed], fixed
        assert "<EMAIL_1>" in fixed and "<URL_CREDENTIALS_1>" in fixed


def test_show_pii_quotes_the_values(tmp_path: Path) -> None:
    path = tmp_path / "pii.jsonl"
    path.write_text(json.dumps(PII_RECORD) + "\n", encoding="utf-8")
    masked = run_cli("check", str(path), "--select", "PI", cwd=tmp_path)
    shown = run_cli("check", str(path), "--select", "PI", "--show-pii", cwd=tmp_path)
    assert "j***@a***.com" in masked.stdout and "**** **** **** 6467" in masked.stdout
    assert "jane.doe@acme-mail.com" in shown.stdout and "4539 1488 0343 6467" in shown.stdout
    assert len(masked.stdout.splitlines()) == len(shown.stdout.splitlines()) == 8 + 3


def test_a_clean_file_never_imports_presidio(tmp_path: Path) -> None:
    path = tmp_path / "clean.jsonl"
    record = {"messages": [{"role": "user", "content": "Hi there"}, {"role": "assistant", "content": "Hello!"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    probe = ("import sys; from ftlint.launch import main; sys.argv = ['ftlint', 'check', '--jobs', '1', "
             f"{str(path)!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
             "print('presidio' if any(m.startswith('presidio') for m in sys.modules) else 'none')")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "none", done.stdout + done.stderr


def test_ner_rules_say_once_when_the_model_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ftlint.rules.privacy._base as base  # where PiiRule.unavailable looks the model up

    monkeypatch.setattr(base, "ner_model_problem", lambda: "no spaCy NER model is installed (ftlint[ner])")
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(PII_RECORD) + "\n", encoding="utf-8")
    result = check_paths([path], select=["PI009", "PI010", "PI001"])
    assert [f.code for f in result.findings] == ["PI001"]
    assert len(result.notes) == 2 and all("ftlint[ner]" in note for note in result.notes)
    assert rules_by_code()["PI009"].opt_in


def test_the_ner_model_is_the_pinned_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ftlint.privacy import presidio

    assert presidio.ner_model_problem() is None  # the `ner` extra installs exactly the pinned files
    monkeypatch.setattr(presidio, "NER_FILES_SHA256", "0" * 64)
    assert "not the build ftlint pins" in (presidio.ner_model_problem() or "")


def test_severity_and_options_per_entity(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(PII_RECORD) + "\n", encoding="utf-8")
    result = check_paths([path], select=["PI"], severity={"PI001": "info", "PI003": "warning"},
                         rules={"PI006": {"allow": [r"^81\."]}, "phone-number": {"min-score": 0.9}})
    levels = {f.code: f.severity.label for f in result.findings}
    assert levels == {"PI001": "info", "PI003": "warning", "PI004": "error", "PI005": "error", "PI007": "warning",
                      "PI008": "error"}  # PI006 allowed, PI002 below its minimum score


def test_a_bad_allow_pattern_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(PII_RECORD) + "\n", encoding="utf-8")
    config = tmp_path / "ftlint.toml"
    config.write_text('[rules.email-address]\nallow = ["(unclosed"]\n', encoding="utf-8")
    run = run_cli("check", str(path), cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "[rules.email-address]" in run.stderr and "is not a regular expression" in run.stderr


@pytest.mark.parametrize(("text", "reported"), [
    # Luhn-valid sums and products in math answers (LLaMA-Factory's DPO demo) are not cards...
    ("256626720691 + 1646615806005 =\n\nThe result is:\n\n4212883012996", False),
    ("So the sum is 1007411131329104.", False),
    ("Provide a step-by-step calculation for 355909190063-746.", False),
    # ... a number written as cards are, or with a card word near it, is.
    ("Charge it to 4539 1488 0343 6467 please", True),
    ("Amex 3782-822463-10005 on file", True),
    ("my visa is 4539148803436467", True),
    ("The card number: 6011000990139424, exp 04/29", True),
])
def test_card_numbers_need_the_look_or_the_words_of_a_card(text: str, reported: bool, tmp_path: Path) -> None:
    path = tmp_path / "cards.jsonl"
    path.write_bytes(_lines(text)[0] + b"\n")
    result = check_paths([path], select=["PI003"], rules={"PI003": {"allow": []}})
    assert bool(result.findings) == reported, [f.message for f in result.findings]
