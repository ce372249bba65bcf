"""The fast scan (`ftlint.privacy.scanner`) finds what presidio's analyzer finds, as the PI rules keep
it, on real files, on generated personal data and on text glued from the pieces that matter; and a
check of a file with personal data never imports presidio or spaCy."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import phones, presidio, scanner
from ftlint.privacy.detect import is_data_url, plausible
from ftlint.privacy.presidio import PATTERN_ENTITIES, Span
from ftlint.privacy.screen import text_may_hold_pii
from ftlint.rules._texts import strings
from tests.conftest import FIXTURES

REAL = FIXTURES / "realdata"


def _kept(spans: list[Span], text: str) -> list[tuple[str, int, int, float]]:
    return [(s.entity, s.start, s.end, s.score) for s in spans if plausible(s.entity, text, s.start, s.end)]


def _assert_same(texts: list[str]) -> None:
    # A number written with its country code is judged apart (`phones._international`): below.
    texts = [text for text in texts if "+" not in text and "\uff0b" not in text]
    differ = [(text, _kept(scanner.find(text), text), _kept(presidio.analyze(text, PATTERN_ENTITIES), text))
              for text in texts]
    differ = [d for d in differ if d[1] != d[2]]
    assert not differ, "\n".join(f"{text[:200]!r}\n  fast {fast}\n  presidio {slow}" for text, fast, slow in differ[:5])


def _strings_of(path: Path) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    try:
        documents = [json.loads(raw)]
    except json.JSONDecodeError:
        documents = [_loaded(line) for line in raw.splitlines()]
    records = [r for doc in documents for r in (doc if isinstance(doc, list) else [doc]) if isinstance(r, dict)]
    return [text for record in records for _, text in strings(record)
            if text_may_hold_pii(text) and not is_data_url(text)]


def _loaded(line: str) -> object:
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None  # a broken line of a broken file


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.json*")))
def test_real_files(name: str) -> None:
    texts = _strings_of(REAL / name)
    _assert_same(texts[:400])  # presidio takes a few milliseconds a string


def _personal_text(rng: random.Random) -> str:
    """A sentence with one of the values people write, in the shapes they write them."""
    area, exchange, line = rng.randrange(201, 990), rng.randrange(200, 990), rng.randrange(10**4)
    values = [
        f"+1 ({area}) {exchange}-{line:04d}", f"({area}) {exchange}-{line:04d}", f"{area}.{exchange}.{line:04d}",
        f"+44 20 {rng.randrange(7000, 8000)} {line:04d}", f"020 {rng.randrange(7000, 8000)} {line:04d}",
        f"+49 30 {rng.randrange(10**7, 10**8)}", f"0{rng.randrange(150, 180)} {rng.randrange(10**6, 10**7)}",
        f"+91 98{rng.randrange(10**7, 10**8)}", f"+33 6 {rng.randrange(10, 99)} {rng.randrange(10, 99)} 12 34",
        f"{area}-{exchange}-{line:04d} ext. {rng.randrange(10, 999)}",
        f"maria.{rng.randrange(10**4)}@{rng.choice(['gmail.com', 'proton.me', 'yahoo.co.uk', 'x.invalidtld'])}",
        f"4539 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}",
        "4539 1488 0343 6467", "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", f"{area}-45-{line:04d}",
        f"{rng.randrange(1, 255)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}",
        "2001:db8:85a3::8a2e:370:7334", "fe80::1ff:fe23:4567:890a", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "postgres://admin:s3cret@db.example.io/prod",
        f"{rng.randrange(10**9, 10**10)}", f"{rng.randrange(100, 999)}-{rng.randrange(10, 99)}-{rng.randrange(10**4)}",
        f"<<{rng.randrange(10**4)}-{rng.randrange(10**4)}={rng.randrange(10**4)}>>",
        f"{rng.randrange(10**4)} - {rng.randrange(10**4)} = {rng.randrange(10**4)}",
    ]
    before = rng.choice(["Call me on ", "My number is ", "Reach us at ", "Total: ", "The id is ", "", "phone: "])
    return f"{before}{rng.choice(values)}{rng.choice(['.', ' today', ', thanks', ' (2 copies)', ''])}"


def test_generated_personal_data() -> None:
    rng = random.Random(14)
    _assert_same([" ".join(_personal_text(rng) for _ in range(rng.randint(1, 3))) for _ in range(400)])


_GLUE = [" ", "-", ".", "(", ")", "+", "+1 ", ", ", ": ", " x ", " ext ", "/", "~", "#", "=", "<<", ">>", "$",
         "phone ", "call me on ", "card ", "ssn ", "IBAN ", "DE", "GB82 ", "line ", " (2 copies in all)", "bc1",
         "@", "::", "[", "]", "\uff08", "\uff09", "zed", ".quinn", "@leakmail", ".net", "postgres://a", ":s3cret@db.io",
         "\u0663\u0664\u0665", "1.2", ":30"]


@settings(max_examples=300, deadline=None, derandomize=True)
@example(pieces=["+1 ", "4158675309"])
@example(pieces=["030755", " ext ", "7540"])
@example(pieces=["0307551", " ext ", "7540"])
@example(pieces=["2024", "-", "0115", " ", "10", ":30"])
@example(pieces=["phone ", "34500", "-", "33000"])
@given(pieces=st.lists(st.one_of(st.from_regex(r"[0-9]{1,13}", fullmatch=True), st.sampled_from(_GLUE)),
                       min_size=1, max_size=8))
def test_glued_pieces(pieces: list[str]) -> None:
    _assert_same(["".join(pieces)])


@pytest.mark.parametrize("text", [
    "Call me on +44 20 7946 0958 after six", "Reach us at +1 (415) 867-5309.", "Call +91 98765 43210, thanks",
    "WhatsApp +49 30 12345678", "phone: +33 6 12 34 56 78", "+55 11 91234-5678 is my cell", "Tel +972 3 123 4567",
    "Call +1-212-736-1234 or +1 (646) 555-0199", "(+44) 20 7946 0958", "+1 415 867 5309 / 72",
])
def test_valid_international_numbers_are_presidios(text: str) -> None:
    fast = _kept(scanner.find(text), text)
    assert fast and fast == _kept(presidio.analyze(text, PATTERN_ENTITIES), text)


@pytest.mark.parametrize(("text", "number"), [
    ("Call +1 (338) 298-5726.", "+1 (338) 298-5726"),  # an area code not given out: still a number to dial
    ("Call me on +1 (546) 228-1363 today", "+1 (546) 228-1363"),
    ("x +1 (338) 298-5726 / 123", "+1 (338) 298-5726"),
])
def test_an_international_number_with_no_valid_reading_is_reported_whole(text: str, number: str) -> None:
    assert [text[s.start:s.end] for s in scanner.find(text) if s.entity == "PHONE_NUMBER"] == [number]


@pytest.mark.parametrize("text", ["total +12345 units", "+1 (338) 298 then", "a +99 123 4567 code", "+1 2 3",
                                  "9 * (1003885) + 150 (99150)"])
def test_a_plus_sign_before_too_few_or_too_many_digits_is_no_number(text: str) -> None:
    assert not [s for s in scanner.find(text) if s.entity == "PHONE_NUMBER"]


def test_the_phone_gate_takes_everything_the_matcher_joins_digits_with() -> None:
    from phonenumbers.phonenumberutil import _PLUS_CHARS, _VALID_PUNCTUATION

    joiners = re.compile(f"[{_VALID_PUNCTUATION}{_PLUS_CHARS}]", re.IGNORECASE)
    taken = [chr(c) for c in range(0x10000) if joiners.fullmatch(chr(c))]
    assert len(taken) > 30
    assert all(phones._SEVEN_DIGITS.search(f"123{c}4567") for c in taken)


def test_a_check_with_personal_data_imports_neither_presidio_nor_spacy(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    record = {"messages": [{"role": "user", "content": "Mail maria.lopez@gmail.com or call +44 20 7946 0958; "
                            "card 4539 1488 0343 6467, IBAN GB82 WEST 1234 5698 7654 32, server 8.8.8.8"},
                           {"role": "assistant", "content": "Noted."}]}
    data.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code = ("import sys\nfrom ftlint.cli import main\n"
            "sys.argv = ['ftlint', 'check', sys.argv[1], '--output-format', 'json']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('loaded:', sorted(m for m in ('presidio_analyzer', 'spacy', 'tldextract', 'requests') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(data)], capture_output=True, text=True, timeout=120)
    findings = json.loads(done.stdout[:done.stdout.rindex("loaded:")])
    assert {f["code"] for f in findings["findings"]} >= {"PI001", "PI002", "PI003", "PI005"}
    assert done.stdout.rstrip().endswith("loaded: []")


_CANDIDATE_PIECES = [" ", "-", ".", "(", ")", "+", "x", "X", "ext", "Ext. ", "#", "~", ",", ";ext=", "anexo", "int",
                     "\u0434\u043e\u0431", "\uff58", "\uff08", "\uff3b", "]", "/", "\u00a0", "\t", "a", "b", "=", ":",
                     "\u0663", "\uff11", "<<", "$"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(pieces=st.lists(st.one_of(st.from_regex(r"[0-9]{1,9}", fullmatch=True), st.sampled_from(_CANDIDATE_PIECES)),
                       min_size=1, max_size=12))
def test_candidates_zone_by_zone_are_the_matchers(pieces: list[str]) -> None:
    from phonenumbers.phonenumbermatcher import _PATTERN

    text = "".join(pieces)
    found = list(phones.candidates(text))
    whole = [m.span() for m in _PATTERN.finditer(text) if m.end() - m.start() >= phones.MIN_DIGITS]
    # Every candidate the zones give is one the matcher finds in the whole text, and none the
    # matcher finds with seven digits before an extension is missed.
    assert set(found) <= set(whole)
    assert {(s, e) for s, e in whole if phones.number_digits(text[s:e]) >= phones.MIN_DIGITS} <= set(found)
