"""Role order (CH005, CH016, CH017) is judged per target: warnings when provider-neutral, errors where the
target breaks on it (a provider's validator, or the named model's own chat template), with that reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ftlint.core.findings import Severity
from tests.conftest import check_paths, run_cli

LATE_SYSTEM = [{"role": "user", "content": "hi"}, {"role": "system", "content": "Be terse."},
               {"role": "assistant", "content": "hello"}]
SAME_ROLE = [{"role": "user", "content": "Hi"}, {"role": "user", "content": "Hello again"},
             {"role": "assistant", "content": "Hello!"}]
ASSISTANT_FIRST = [{"role": "system", "content": "Be brief."}, {"role": "assistant", "content": "Welcome!"},
                   {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]
FAULTS = {"CH005": LATE_SYSTEM, "CH016": SAME_ROLE, "CH017": ASSISTANT_FIRST}


def _severities(tmp_path: Path, profile: str, **settings: object) -> dict[str, Severity]:
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps({"messages": m}) + "\n" for m in FAULTS.values()), encoding="utf-8")
    result = check_paths([path], profile=profile, select=list(FAULTS), **settings)
    found = {finding.code: finding.severity for finding in result.findings}
    assert sorted(found) == sorted(FAULTS), [f.message for f in result.findings]
    return found


# (profile, model, the codes that are errors; the others are warnings)
CASES = [
    ("neutral", None, set()),
    ("openai", None, set()),
    ("trl", None, set()),
    ("axolotl", None, set()),
    ("mistral", None, set()),  # mistral-common's fine-tuning validator takes all three orders
    ("mistral", "open-mistral-7b", set()),  # la Plateforme validates with mistral-common, not the HF template
    ("neutral", "open-mistral-nemo", set()),  # named as la Plateforme names it, under any profile
    ("neutral", "mistralai/Mistral-Nemo-Instruct-2407", {"CH005", "CH016", "CH017"}),  # its Hugging Face name
    ("together", None, {"CH016"}),
    ("fireworks", None, {"CH005"}),
    ("llamafactory", None, {"CH005", "CH016", "CH017"}),
    ("neutral", "gemma-2", {"CH005", "CH016", "CH017"}),
    ("trl", "google/gemma-3-4b-it", {"CH005", "CH016", "CH017"}),
    ("axolotl", "mistral-nemo", {"CH005", "CH016", "CH017"}),
    ("trl", "llama-3.1", set()),  # Llama 3's template takes turns in any order
    ("neutral", "qwen2.5", set()),
]


@pytest.mark.parametrize(("profile", "model", "errors"), CASES, ids=[f"{p}-{m}" for p, m, _ in CASES])
def test_role_order_severity_follows_the_target(tmp_path: Path, profile: str, model: str | None,
                                                errors: set[str]) -> None:
    settings = {"model": model} if model else {}
    found = _severities(tmp_path, profile, **settings)
    assert {code for code, severity in found.items() if severity is Severity.ERROR} == errors
    assert {code for code, severity in found.items() if severity is Severity.WARNING} == set(FAULTS) - errors


def test_configured_severity_wins_over_the_models_template(tmp_path: Path) -> None:
    found = _severities(tmp_path, "neutral", model="gemma-3", severity={"CH016": "info"})
    assert found["CH016"] is Severity.INFO
    assert found["CH017"] is Severity.ERROR


def test_the_cli_exits_1_for_a_strict_template_and_0_neutral(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text(json.dumps({"messages": SAME_ROLE}) + "\n", encoding="utf-8")
    neutral = run_cli("check", "--select", "CH016", str(path), cwd=tmp_path)
    assert neutral.code == 0, neutral.stdout
    assert "CH016" in neutral.stdout and "Together rejects it" in neutral.stdout
    strict = run_cli("check", "--select", "CH016", "--model", "gemma-2", str(path), cwd=tmp_path)
    assert strict.code == 1, strict.stdout
    assert "gemma-2's chat template raises" in strict.stdout
