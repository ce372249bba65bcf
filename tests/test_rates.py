"""`check --compare-rates REPORT`: a gate on findings per record against a saved JSON report, for data that
grows: it fails only when a rule at the fail level finds more per record than it did then."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from ftlint.core.rates import RateChange, Rates, compare
from tests.conftest import run_cli

GOOD = {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}
NO_ANSWER = {"messages": [{"role": "user", "content": "hi"}]}  # CH002, an error
LATE_SYSTEM = {"messages": [{"role": "user", "content": "hi"}, {"role": "system", "content": "Be terse."},
                            {"role": "assistant", "content": "hello"}]}  # CH005, a warning


def _data(path: Path, records: int, every: int, bad: dict[str, object] = NO_ANSWER) -> Path:
    path.write_text("".join(json.dumps(bad if i % every == 0 else GOOD) + "\n" for i in range(records)),
                    encoding="utf-8")
    return path


def _saved_report(tmp_path: Path, records: int, every: int) -> Path:
    data = _data(tmp_path / "then.jsonl", records, every)
    run = run_cli("check", "--output-format", "json", str(data), cwd=tmp_path)
    assert run.code == 1, run.stderr
    report = tmp_path / "then.json"
    report.write_text(run.stdout, encoding="utf-8")
    return report


@given(st.integers(0, 50), st.integers(0, 200), st.integers(0, 50), st.integers(0, 200))
def test_a_rate_rises_exactly_when_its_fraction_is_larger(then: int, then_records: int, now: int,
                                                          now_records: int) -> None:
    change = RateChange("CH002", min(then, then_records), then_records, min(now, now_records), now_records)
    if change.now == 0:
        assert not change.rose
    elif then_records == 0:
        assert change.rose
    else:
        assert change.rose == (Fraction(change.now, now_records) > Fraction(change.then, then_records))


def test_compare_lists_every_rule_either_run_found() -> None:
    changes = compare(Rates(100, {"CH002": 3, "DQ001": 1}), Rates(200, {"CH002": 6, "TK001": 1}))
    assert [(c.code, c.then, c.now, c.rose) for c in changes] == [
        ("CH002", 3, 6, False), ("DQ001", 1, 0, False), ("TK001", 0, 1, True)]


def test_data_that_grows_at_the_same_rate_passes_and_a_higher_rate_fails(tmp_path: Path) -> None:
    report = _saved_report(tmp_path, 100, 10)  # 10 errors in 100 records
    same = run_cli("check", "--compare-rates", str(report), str(_data(tmp_path / "now.jsonl", 300, 10)),
                   cwd=tmp_path)
    assert same.code == 0, same.stderr
    assert "CH002" in same.stdout  # every finding is still reported: the gate decides the exit code only
    assert "100.00 ->   100.00" in same.stderr and "rates pass" in same.stderr
    fewer = run_cli("check", "--compare-rates", str(report), str(_data(tmp_path / "fewer.jsonl", 300, 20)),
                    cwd=tmp_path)
    assert fewer.code == 0, fewer.stderr
    worse = run_cli("check", "--compare-rates", str(report), str(_data(tmp_path / "worse.jsonl", 300, 5)),
                    cwd=tmp_path)
    assert worse.code == 1, worse.stderr
    assert "CH002    100.00 ->   200.00  rose" in worse.stderr
    assert "1 rule finds more per record than in" in worse.stderr
    exit_zero = run_cli("check", "--exit-zero", "--compare-rates", str(report), str(tmp_path / "worse.jsonl"),
                        cwd=tmp_path)
    assert exit_zero.code == 0


def test_only_rules_at_the_fail_level_count(tmp_path: Path) -> None:
    report = _saved_report(tmp_path, 100, 10)
    warnings = _data(tmp_path / "now.jsonl", 100, 2, LATE_SYSTEM)  # 50 CH005 warnings, no errors
    assert run_cli("check", "--compare-rates", str(report), str(warnings), cwd=tmp_path).code == 0
    strict = run_cli("check", "--fail-on", "warning", "--compare-rates", str(report), str(warnings), cwd=tmp_path)
    assert strict.code == 1 and "CH005" in strict.stderr


def test_the_rates_are_appended_to_the_summary(tmp_path: Path) -> None:
    report = _saved_report(tmp_path, 100, 10)
    summary = tmp_path / "summary.md"
    run = run_cli("check", "--compare-rates", str(report), "--summary", str(summary),
                  str(_data(tmp_path / "now.jsonl", 300, 5)), cwd=tmp_path)
    assert run.code == 1
    text = summary.read_text(encoding="utf-8")
    assert text.index("## ftlint:") < text.index("### Rates against")
    assert "| CH002 | 100.00 | 200.00 | rose |" in text


def test_a_bad_report_stops_before_the_check_with_exit_2(tmp_path: Path) -> None:
    data = _data(tmp_path / "now.jsonl", 10, 5)
    cases = {"missing.json": None, "not-json.json": "{", "not-a-report.json": "{}",
             "bad-finding.json": json.dumps({"findings": [{"code": "CH002"}], "summary": {"records": 1}})}
    for name, text in cases.items():
        if text is not None:
            (tmp_path / name).write_text(text, encoding="utf-8")
        run = run_cli("check", "--compare-rates", str(tmp_path / name), str(data), cwd=tmp_path)
        assert run.code == 2, (name, run.stderr)
        assert "Traceback" not in run.stderr and name in run.stderr
        assert run.stdout == ""  # nothing was checked


def test_compare_rates_is_a_gate_of_its_own(tmp_path: Path) -> None:
    report = _saved_report(tmp_path, 10, 5)
    data = tmp_path / "then.jsonl"
    for extra in (["--baseline", str(report)], ["--fix"], ["--diff"]):
        run = run_cli("check", "--compare-rates", str(report), *extra, str(data), cwd=tmp_path)
        assert run.code == 2 and "--compare-rates is a gate of its own" in run.stderr, run.stderr
