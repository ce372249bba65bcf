"""Targets: the neutral default, profiles chosen by flag, config or model, model dates, and what
`ftlint rules`/`ftlint rule` say per profile."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from ftlint.config.profiles import CATALOG_PROFILES, profile_severities
from ftlint.core.findings import Severity
from ftlint.rules.registry import rules_by_code
from tests.conftest import FIXTURES, check_paths, fix_path, run_cli

CHAT = '{"messages": [{"role": "user", "content": "Question %d?"}, {"role": "assistant", "content": "Answer %d."}]}\n'


def _chat(path: Path, count: int) -> Path:
    path.write_text("".join(CHAT % (i, i) for i in range(count)), encoding="utf-8")
    return path


def _codes(run_stdout: str) -> dict[str, str]:
    return {f["code"]: f["severity"] for f in json.loads(run_stdout)["findings"]}


def test_the_default_is_neutral_and_names_who_refuses_a_small_file(tmp_path: Path) -> None:
    run = run_cli("check", str(_chat(tmp_path / "a.jsonl", 3)), "--output-format", "json")
    assert run.code == 0, run.stdout
    [finding] = json.loads(run.stdout)["findings"]
    assert finding["code"] == "TK002" and finding["severity"] == "warning"
    assert "OpenAI refuses" in finding["message"] and "TRL" in finding["message"]
    assert "OpenAI's self-serve" not in run.stderr  # no OpenAI note when OpenAI is not the target


@pytest.mark.parametrize(("args", "code", "severity"), [
    (["--profile", "openai"], 1, "error"),
    (["--model", "gpt-4.1-mini-2025-04-14"], 1, "error"),  # an OpenAI model implies the openai profile
    (["--profile", "fireworks"], 0, None),  # 3 is Fireworks' minimum
    (["--profile", "together"], 0, None),
    (["--model", "Qwen/Qwen3-8B"], 0, None),  # an open-weight model: no provider minimum
])
def test_a_small_file_by_target(tmp_path: Path, args: list[str], code: int, severity: str | None) -> None:
    run = run_cli("check", str(_chat(tmp_path / "a.jsonl", 3)), "--output-format", "json", *args)
    assert run.code == code, run.stdout + run.stderr
    assert _codes(run.stdout).get("TK002") == severity


def test_a_config_profile_applies_without_flags(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_text('extends = "openai"\n', encoding="utf-8")
    run = run_cli("check", str(_chat(tmp_path / "a.jsonl", 3)), "--output-format", "json", cwd=tmp_path)
    assert run.code == 1 and _codes(run.stdout) == {"TK002": "error"}


def test_openai_runs_say_once_when_job_creation_closes(tmp_path: Path) -> None:
    path = _chat(tmp_path / "a.jsonl", 10)
    run = run_cli("check", str(path), "--profile", "openai")
    assert run.code == 0
    assert run.stderr.count("closes to new jobs on 2027-01-06") == 1
    later = run_cli("check", str(path), "--profile", "openai", env={"FTLINT_TODAY": "2027-02-01"})
    assert "closed to new jobs after 2027-01-06" in later.stderr


@pytest.mark.parametrize(("model", "day", "said"), [
    # ... and lists the models that remain on that day.
    ("gpt-4.1-nano-2025-04-14", "2026-12-05", "was retired on 2026-10-23 and can no longer be fine-tuned; OpenAI "
                                              "models that still can: babbage-002, davinci-002"),
    ("o4-mini", "2026-12-05", "was retired on 2026-10-23"),
    ("gpt-4o-mini-2024-07-18", "2027-01-20", "was retired on 2027-01-14 and can no longer be fine-tuned; OpenAI "
                                             "models that still can: none"),
    ("davinci-002", "2027-01-07", "stopped creating fine-tuning jobs for davinci-002 after 2027-01-06"),
])
def test_a_retired_model_is_a_usage_error(tmp_path: Path, model: str, day: str, said: str) -> None:
    run = run_cli("check", str(_chat(tmp_path / "a.jsonl", 10)), "--model", model, env={"FTLINT_TODAY": day})
    assert run.code == 2 and said in run.stderr and "Traceback" not in run.stderr
    remaining = "gpt-4.1-mini-2025-04-14" in run.stderr
    assert remaining == (day == "2026-12-05")  # gone once job creation closed


def test_an_open_weight_model_checks_its_context_length(tmp_path: Path) -> None:
    long = '{"messages": [{"role": "user", "content": "%s"}, {"role": "assistant", "content": "ok"}]}\n'
    path = tmp_path / "long.jsonl"
    path.write_text(long % ("word " * 10_000), encoding="utf-8")
    gemma = run_cli("check", str(path), "--model", "google/gemma-2-9b-it", "--output-format", "json")
    [finding] = [f for f in json.loads(gemma.stdout)["findings"] if f["code"] == "TK001"]
    assert "8,192-token limit of gemma-2" in finding["message"]
    assert not [f for f in json.loads(run_cli("check", str(path), "--output-format", "json").stdout)["findings"]
                if f["code"] == "TK001"]  # under the neutral 32,768


def test_rules_lists_the_severity_a_profile_gives() -> None:
    together = run_cli("rules", "--profile", "together", "--output-format", "json")
    levels = {r["code"]: r["severity"] for r in json.loads(together.stdout)}
    assert levels["SC003"] == "error" and levels["FL008"] == "error" and levels["PC001"] == "warning"
    neutral = {r["code"]: r["severity"] for r in json.loads(run_cli("rules", "--profile", "neutral",
                                                                     "--output-format", "json").stdout)}
    assert neutral["SC003"] == "warning" and neutral["FL008"] == "warning" and neutral["TK002"] == "warning"
    fireworks = {r["code"]: r["severity"] for r in json.loads(run_cli("rules", "--profile", "fireworks",
                                                                       "--output-format", "json").stdout)}
    assert fireworks["PC001"] == "off"  # Fireworks takes no prompt/completion records
    assert run_cli("rules", "--profile", "nope").code == 2


def test_rule_shows_its_severity_under_every_profile() -> None:
    run = run_cli("rule", "FL008")
    assert "By profile: neutral warning, strict warning, openai error" in run.stdout
    assert "llamafactory off" in run.stdout
    record = json.loads(run_cli("rule", "TK002", "--output-format", "json").stdout)
    assert record["severity_by_profile"]["neutral"] == "warning"
    assert record["severity_by_profile"]["openai"] == "error"


def test_every_catalog_profile_builds_a_target() -> None:
    rules = rules_by_code()
    for profile in CATALOG_PROFILES:
        levels = profile_severities(profile, rules)
        assert set(levels) == set(rules)
        assert levels["FL005"] == "error"  # bad JSON is an error for everyone


# Each target's fixture suite (fixtures/targets/<profile>/): files taken from or rebuilt after the
# provider's own tests and documentation, with the verdict its validator gives (see the README there).
TARGETS = FIXTURES / "targets"


def _suite() -> list[Any]:
    cases = []
    for verdicts in sorted(TARGETS.glob("*/verdicts.toml")):
        with verdicts.open("rb") as handle:
            files = tomllib.load(handle)["files"]
        for name, verdict in files.items():
            cases.append(pytest.param(verdicts.parent.name, name, verdict, id=f"{verdicts.parent.name}-{name}"))
    return cases


@pytest.mark.parametrize(("profile", "name", "verdict"), _suite())
def test_a_target_gives_its_validators_verdict(profile: str, name: str, verdict: dict[str, Any]) -> None:
    """Accepted files get no error under the target's profile; a rejected file gets exactly the
    errors listed for it (its one defect, said by the rule that knows it)."""
    result = check_paths([TARGETS / profile / name], profile=profile, **verdict.get("ftlint_config", {}))
    errors = sorted({f.code for f in result.findings if f.severity >= Severity.ERROR})
    wanted = sorted(code for code in verdict["ftlint_codes"] if not code.startswith("missing"))
    assert errors == wanted, (verdict["verdict"], verdict["provider_says"], [
        f"{f.line}: {f.code} {f.message}" for f in result.findings if f.severity >= Severity.ERROR])
    if verdict["verdict"] == "reject":
        assert errors, "a file the target rejects must fail the check"


def test_every_target_profile_has_a_suite() -> None:
    suites = {path.parent.name for path in TARGETS.glob("*/verdicts.toml")}
    assert suites == {"openai", "together", "fireworks", "mistral", "trl", "axolotl", "llamafactory"}


def test_a_config_may_say_profile_for_extends(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nprofile = "fireworks"\n', encoding="utf-8")
    run = run_cli("check", str(_chat(tmp_path / "a.jsonl", 2)), "--output-format", "json", cwd=tmp_path)
    [finding] = json.loads(run.stdout)["findings"]
    assert run.code == 1 and finding["message"] == "file has 2 examples; Fireworks needs at least 3"
    (tmp_path / "pyproject.toml").write_text('[tool.ftlint]\nprofile = "trl"\nextends = "openai"\n', encoding="utf-8")
    both = run_cli("check", str(tmp_path / "a.jsonl"), cwd=tmp_path)
    assert both.code == 2 and "keep one" in both.stderr


def test_the_neutral_fix_adds_the_prompt_completion_conventions(tmp_path: Path) -> None:
    path = tmp_path / "pc.jsonl"
    path.write_text('{"prompt": "Translate: cat", "completion": "chat"}\n'
                    '{"prompt": "Translate: dog", "completion": "chien"}\n', encoding="utf-8")
    fixed = fix_path(path, profile="neutral")
    assert fixed.content == (b'{"prompt": "Translate: cat\\n\\n###\\n\\n", "completion": " chat\\n"}\n'
                             b'{"prompt": "Translate: dog\\n\\n###\\n\\n", "completion": " chien\\n"}\n')
    levels = {f.code: f.severity.label for f in check_paths([path], profile="neutral").findings}
    assert {levels[code] for code in ("PC001", "PC003", "PC004")} == {"warning"}
