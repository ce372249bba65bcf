"""A rule may give one finding a severity other than its default (issue 14: a card number with no
card word near it is a warning, one named as a card an error); a severity the user configured for
the rule still applies to all its findings."""

from __future__ import annotations

import json
from pathlib import Path

from ftlint.core.engine.pack import RulePack
from ftlint.core.findings import Severity, Violation
from ftlint.rules.privacy.credit_card import CreditCardNumber
from tests.conftest import run_cli

NAMED = "Charge it to my Visa 4539 1488 0343 6467 please"  # a card word: an error
BARE = "Reference 4539 1488 0343 6467 in the archive"  # written as a card, named as none: a warning


def _violations() -> list[Violation]:
    return [Violation("as the rule says"), Violation("lowered", severity=Severity.WARNING)]


def test_the_engine_honours_a_violation_s_own_severity() -> None:
    rule = CreditCardNumber(target=None)  # type: ignore[arg-type]  # stamping reads no target
    found = RulePack((rule,)).stamp(rule, _violations(), "a.jsonl", 1)
    assert [f.severity for f in found] == [Severity.ERROR, Severity.WARNING]


def test_a_configured_severity_applies_to_every_finding_of_the_rule() -> None:
    rule = CreditCardNumber(target=None)  # type: ignore[arg-type]  # stamping reads no target
    found = RulePack((rule,), {"PI003": Severity.INFO}).stamp(rule, _violations(), "a.jsonl", 1)
    assert [f.severity for f in found] == [Severity.INFO, Severity.INFO]


def _file(tmp_path: Path, *texts: str) -> Path:
    path = tmp_path / "cards.jsonl"
    path.write_text("".join(json.dumps({"messages": [{"role": "user", "content": t},
                                                     {"role": "assistant", "content": "Noted."}]}) + "\n"
                            for t in texts), encoding="utf-8")
    return path


def test_a_card_without_card_words_is_a_warning_and_does_not_fail(tmp_path: Path) -> None:
    path = _file(tmp_path, BARE)
    run = run_cli("check", "--select", "PI003", str(path))
    assert run.code == 0, run.stdout + run.stderr
    assert "PI003 warning: text holds a card number (**** **** **** 6467)" in run.stdout
    as_json = json.loads(run_cli("check", "--select", "PI003", "--output-format", "json", str(path)).stdout)
    assert [f["severity"] for f in as_json["findings"]] == ["warning"]
    assert run_cli("check", "--select", "PI003", "--fail-on", "warning", str(path)).code == 1


def test_a_card_named_as_one_is_an_error(tmp_path: Path) -> None:
    path = _file(tmp_path, NAMED, BARE)
    run = run_cli("check", "--select", "PI003", "--output-format", "json", str(path))
    assert run.code == 1, run.stderr
    assert [(f["line"], f["severity"]) for f in json.loads(run.stdout)["findings"]] == [(1, "error"), (2, "warning")]


def test_the_user_s_severity_for_the_rule_wins(tmp_path: Path) -> None:
    path = _file(tmp_path, NAMED, BARE)
    (tmp_path / "ftlint.toml").write_text('[severity]\nPI003 = "error"\n', encoding="utf-8")
    run = run_cli("check", "--select", "PI003", "--output-format", "json", str(path), cwd=tmp_path)
    assert [f["severity"] for f in json.loads(run.stdout)["findings"]] == ["error", "error"]
