"""A generated corpus of digits that name no one (arithmetic, code, dates, versions, IDs, hashes,
coordinates, scientific numbers, tables, product codes: `tests/precision_corpus.py`) gets no PI
finding from a plain `ftlint check` (issue 14), while what is personal data in the same shapes is
still found."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ftlint.privacy.detect import personal_spans
from tests.conftest import run_cli
from tests.precision_corpus import MAKERS, corpus

PER_RECORD = 40  # strings per record: few lines, so one CLI run reads them all quickly


def _write(path: Path, texts: list[str]) -> dict[tuple[int, str], str]:
    """Chat records holding `texts` as their messages; returns (line, pointer) -> text."""
    where = {}
    with path.open("w", encoding="utf-8") as out:
        for line, first in enumerate(range(0, len(texts), PER_RECORD), start=1):
            batch = texts[first:first + PER_RECORD]
            messages = [{"role": "user" if i % 2 == 0 else "assistant", "content": t} for i, t in enumerate(batch)]
            out.write(json.dumps({"messages": messages}) + "\n")
            where.update({(line, f"/messages/{i}/content"): t for i, t in enumerate(batch)})
    return where


def test_the_precision_corpus_gets_no_pi_finding(tmp_path: Path) -> None:
    items = corpus(per_kind=60)
    assert len(items) == 60 * len(MAKERS) and len({text for _, text in items}) > 600  # many shapes
    where = _write(tmp_path / "numbers.jsonl", [text for _, text in items])
    run = run_cli("check", "--show-pii", "--output-format", "json", str(tmp_path / "numbers.jsonl"))
    assert run.code in (0, 1), run.stderr
    found = [(f["code"], f["message"], where[(f["line"], f["pointer"])])
             for f in json.loads(run.stdout)["findings"] if f["code"].startswith("PI")]
    assert found == []


def test_every_kind_is_checked_through_the_whole_detection_path() -> None:
    # The same strings straight to the detector: no kind slips through on an empty screen alone.
    for kind, text in corpus(per_kind=15, seed=41):
        assert personal_spans(text) == [], (kind, text)


# The same shapes holding what a user would call personal data: still reported.
@pytest.mark.parametrize(("text", "entity"), [
    ("Call 4158672671 now", "PHONE_NUMBER"),
    ("call me on 4158672671", "PHONE_NUMBER"),
    ("His new number is 415-867-5309", "PHONE_NUMBER"),
    ("Please call 415.867.5309", "PHONE_NUMBER"),
    ("Phone 01.23.45.67.89", "PHONE_NUMBER"),
    ("Reach me at 0470.12.34.56", "PHONE_NUMBER"),
    ("I was born 12.05.1985, phone 030 12345678", "PHONE_NUMBER"),
    # Four dotted numbers alone are an address (`8.8.8.8`); named as a version or inside an OID, not.
    ("The request came from 4.2.1.0", "IP_ADDRESS"),
    ("server 81.2.69.160 is down", "IP_ADDRESS"),
    ("mail bob.smith@gmail.com", "EMAIL_ADDRESS"),
    ("card 4539148803436467", "CREDIT_CARD"),
    ("Card - 4539148803436467", "CREDIT_CARD"),
    ("card: 4539148803436467, exp 04/29", "CREDIT_CARD"),
])
def test_personal_data_in_the_same_shapes_is_still_found(text: str, entity: str) -> None:
    assert [s.entity for s in personal_spans(text)] == [entity]


@pytest.mark.parametrize("text", [
    "firmware version 4.2.1.0", "Upgraded to v8.1.1.6", "OID 1.3.6.1.4.1.311.21", "Chrome/120.0.6099.109",
    "Logged at 07.21.2027 04:22:23", "Valid from 05-05-2031 to 05-05-2032", "np.random.seed(1724813583)",
    "Total number of parameters: 9381641164", "Each API call took 40041568 ns", "Part no. 16-8003-596",
    "POINT(-49.0620322 58.3349321)", "git clone git@github.com:org/repo.git", "From: noreply@github.com",
    # Luhn-valid amounts and sums with card words near them.
    "The total payment is 4212883012996 dollars.", "He was charged 256626720691 + 1646615806005 = 4212883012996",
    "Payment: $4212883012996", "Visa 4212883012996 = the answer",
])
def test_shapes_that_once_fired(text: str) -> None:
    assert [(s.entity, text[s.start:s.end]) for s in personal_spans(text)] == []


@pytest.mark.parametrize("number", ["4012 8888 8888 1881", "4000056655665556", "5105 1051 0510 5100",
                                    "3714-496353-98431", "3056930009020004", "3566 0020 2036 0505",
                                    "6200000000000005", "4222222222222"])
def test_published_test_card_numbers_are_allowed_by_default(number: str) -> None:
    assert personal_spans(f"Pay with card {number} in the sandbox") == []


@pytest.mark.parametrize("text", ["SSN 078-05-1120", "like 111-22-3333", "e.g. 123-45-6789", "SSN: 219-09-9999",
                                  "ad copy: 987-65-4325"])
def test_ssns_of_examples_are_allowed_and_never_phone_numbers(text: str) -> None:
    assert [(s.entity, text[s.start:s.end]) for s in personal_spans(text)] == []


def test_a_real_looking_ssn_is_still_found() -> None:
    assert [s.entity for s in personal_spans("ssn 536-80-4398")] == ["US_SSN"]
