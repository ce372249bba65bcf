"""Baselines and fingerprints: a finding keeps its identity when lines move, so a baseline hides the
known ones and shows the new, and code scanning (SARIF) matches alerts across runs."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli


def _chat(user: str, role: str = "assistant", answer: str = "fine") -> str:
    return json.dumps({"messages": [{"role": "user", "content": user}, {"role": role, "content": answer}]})


GOOD = [_chat(f"question {n}") for n in range(12)]
BAD = [_chat("who?", role="human"), _chat("what?", answer="")]


def test_a_baseline_hides_known_findings_wherever_their_lines_move(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join([*GOOD[:6], *BAD, *GOOD[6:]]) + "\n")
    baseline = tmp_path / "baseline.json"
    written = run_cli("check", str(data), "--write-baseline", str(baseline))
    assert written.code == 0 and "wrote 3 finding(s)" in written.stderr and not written.stdout
    entries = json.loads(baseline.read_text())
    assert entries["format"] == "ftlint-baseline" and entries["version"] == 1
    assert all("line" not in entry for entry in entries["findings"])
    assert run_cli("check", str(data), "--baseline", str(baseline)).code == 0
    # A new bad record at the top moves every line down; only it is reported.
    new = _chat("new", role="robot")
    data.write_text("\n".join([new, *GOOD[:6], *BAD, *GOOD[6:]]) + "\n")
    run = run_cli("check", str(data), "--baseline", str(baseline), "--output-format", "json")
    assert run.code == 1
    assert {(f["line"], f["code"]) for f in json.loads(run.stdout)["findings"]} == {(1, "CH001"), (1, "CH002")}
    assert "3 finding(s) in the baseline" in run.stderr and "no longer found" not in run.stderr
    # The known records fixed: their entries are stale, and said so.
    data.write_text("\n".join(GOOD) + "\n")
    fixed = run_cli("check", str(data), "--baseline", str(baseline))
    assert fixed.code == 0 and "3 of its entries no longer found (fixed since" in fixed.stderr


def test_identical_records_count_once_each(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join([*GOOD, BAD[0], BAD[0]]) + "\n")
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", str(data), "--write-baseline", str(baseline), "--select", "CH001").code == 0
    data.write_text("\n".join([*GOOD, BAD[0], BAD[0], BAD[0]]) + "\n")
    run = run_cli("check", str(data), "--baseline", str(baseline), "--select", "CH001", "--output-format", "json")
    assert [f["code"] for f in json.loads(run.stdout)["findings"]] == ["CH001"]


def test_a_baseline_that_is_not_one_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(GOOD) + "\n")
    for content, needle in (("not json", "not JSON"), ("{}", "not an ftlint baseline"),
                            ('{"format": "ftlint-baseline", "version": 9, "findings": []}', "version 9")):
        baseline = tmp_path / "baseline.json"
        baseline.write_text(content)
        run = run_cli("check", str(data), "--baseline", str(baseline))
        assert run.code == 2 and needle in run.stderr, run.stderr
    missing = run_cli("check", str(data), "--baseline", str(tmp_path / "none.json"))
    assert missing.code == 2 and "--write-baseline" in missing.stderr
    assert run_cli("check", str(data), "--fix", "--baseline", str(tmp_path / "b.json")).code == 2


def test_a_baseline_keeps_personal_data_masked(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join([*GOOD, _chat("write to jane.doe@gmail.com please")]) + "\n")
    baseline = tmp_path / "baseline.json"
    assert run_cli("check", str(data), "--write-baseline", str(baseline)).code == 0
    text = baseline.read_text()
    assert "PI001" in text and "jane.doe@gmail.com" not in text
    assert run_cli("check", str(data), "--baseline", str(baseline)).code == 0


def test_sarif_fingerprints_do_not_move_with_lines(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"

    def fingerprints(rows: list[str]) -> dict[str, str]:
        data.write_text("\n".join(rows) + "\n")
        log = json.loads(run_cli("check", str(data), "--output-format", "sarif").stdout)
        return {r["ruleId"]: r["partialFingerprints"]["ftlint/v1"] for r in log["runs"][0]["results"]}

    before = fingerprints([*BAD, *GOOD])
    after = fingerprints([*GOOD, *BAD])
    assert before == after and len(before) == 3 and len(set(before.values())) == 3
