"""Precision of the PI rules (issue 14): arithmetic, ranges, decimals and the fiction of examples are
not personal data, real files that hold none get no PI finding, and redaction leaves them unchanged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ftlint.privacy.detect import personal_spans
from tests.conftest import FIXTURES, run_cli

REAL = FIXTURES / "realdata"

# Arithmetic, code, dates, versions, IDs, hashes, UUIDs, timestamps: none of it names anyone.
PRECISION = [
    "Gretel makes 34,500-33,000 = $<<34500-33000=1500>>1,500 more a year than Hansel",
    "$0.75 - $0.25 - $0.10 = $<<0.75-0.25-0.10=0.40>>0.40",
    "The difference is 60000 - 10800 = <<60000-10800=49200>>49200",
    "6000-2000 = <<6000-2000=4000>>4000 blocks and 4000/2000 = 2",
    "the salary band is 16000-12500 dollars",
    "The coefficients are (-0.3571428571, 0.9235687435).",
    "Codes 4000-4999 are reserved for client errors.",
    "223905 - 1858 = 222047",
    "9778474 / 743 = 13160.8",
    "The product is 4212883012996.",
    "Call me at (555) 123-4567 for the demo.",
    "Phone: 555-0123",
    "Write to you@yourdomain.com or jane@example-domain.com",
    "uuid 123e4567-e89b-12d3-a456-426614174000 at 2024-01-15T10:30:00Z, version 1.24.3",
    "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "for (i = 0; i < 1000000; i++) total += i * 2;",
    "Between 1618 - 1648 the war lasted 30 years; 2019-2023 was another era.",
]

RECALL = [
    "Call me at (415) 867-5309 tomorrow.",
    "My number is +44 20 7946 0958.",
    "phone: 030 1234567",
]


@pytest.mark.parametrize("text", PRECISION)
def test_no_personal_data_in_the_precision_corpus(text: str) -> None:
    assert [(s.entity, text[s.start:s.end]) for s in personal_spans(text)] == []


@pytest.mark.parametrize("text", RECALL)
def test_phone_numbers_written_to_be_dialled_are_still_found(text: str) -> None:
    assert [s.entity for s in personal_spans(text)] == ["PHONE_NUMBER"]


# Real files judged by reading their flagged strings: no one's personal data in them.
NO_PERSONAL_DATA = ["azure__gsm8k_chat_train.jsonl", "azure__gsm8k_chat_validation.jsonl",
                    "llamafactory__dpo_en_demo_sharegpt.json"]


@pytest.mark.parametrize("name", NO_PERSONAL_DATA)
def test_real_files_without_personal_data_get_no_pi_finding(name: str) -> None:
    run = run_cli("check", "--select", "PI", "--output-format", "json", str(REAL / name))
    assert json.loads(run.stdout)["findings"] == [], run.stderr


GSM8K = ["azure__gsm8k_chat_train.jsonl", "azure__gsm8k_chat_validation.jsonl"]


def _contents(path: Path) -> list[list[str]]:
    return [[m["content"] for m in json.loads(line)["messages"]] for line in path.read_text().splitlines()]


@pytest.mark.parametrize("name", GSM8K)
def test_unsafe_fixes_leave_every_gsm8k_answer_unchanged(name: str, tmp_path: Path) -> None:
    copy = tmp_path / name
    shutil.copy(REAL / name, copy)
    copy.chmod(0o644)
    before = {tuple(c) for c in _contents(copy)}
    run_cli("fix", "--unsafe-fixes", str(copy))
    after = _contents(copy)
    # Dropping duplicates may remove records; every record left is one of the originals, unchanged.
    assert after and all(tuple(c) in before for c in after)
