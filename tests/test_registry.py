"""The rule table: answered from the generated catalog, each rule module imported only when it runs;
and the options and settings classes, whose pydantic validators are built only when validating."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

import ftlint
from ftlint.config.model import Settings
from ftlint.rules._table import RuleEntry
from ftlint.rules.registry import builtin_rules, rules_by_code

# Run ftlint in a fresh interpreter and print, after it, the modules it imported (as JSON, on stderr).
PROBE = (
    "import json, sys\n"
    "from ftlint.launch import main\n"
    "sys.argv = ['ftlint', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
)

CHAT = ('{"messages": [{"role": "user", "content": "Write to maria.rossi@acme-corp.com please."}, '
        '{"role": "assistant", "content": "Done."}]}\n')


def _run(tmp_path: Path, *args: str) -> tuple[str, set[str]]:
    # This ftlint's sources, whatever the working folder (a relative PYTHONPATH would not reach them).
    env = {**os.environ, "PYTHONPATH": str(Path(ftlint.__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=tmp_path,
                          env=env)
    return done.stdout, set(json.loads(done.stderr.strip().splitlines()[-1]))


def _rule_modules(modules: set[str]) -> set[str]:
    """The modules of rules (not their shared helpers) among `modules`."""
    table = rules_by_code()
    return {entry.module for entry in table.entries()} & modules


def test_the_catalog_agrees_with_the_rule_classes() -> None:
    table = rules_by_code()
    assert list(table) == [rule.code for rule in builtin_rules()]
    for rule in builtin_rules():
        assert table.entry(rule.code) == RuleEntry.of(rule)
        assert table[rule.code] is rule


def test_two_rules_with_one_code_are_refused() -> None:
    first, second = builtin_rules()[:2]
    clash = type("Clash", (second,), {"code": first.code})
    with pytest.raises(ValueError, match=f"rule code {first.code} is used by both"):
        rules_by_code([first, clash])


def test_a_check_imports_the_rules_it_runs_and_no_pydantic_fields(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(CHAT)
    out, modules = _run(tmp_path, "check", str(data))
    assert "PI001" in out, out
    table = rules_by_code()
    opt_in = {entry.module for entry in table.entries() if entry.opt_in and entry.code != "PI001"}
    assert not opt_in & _rule_modules(modules), "an opt-in rule nobody selected was imported"
    # No options were given: no pydantic validator was built, so pydantic's field machinery is not loaded.
    assert not {"pydantic.fields", "annotated_types"} & modules


def test_a_selected_rule_is_the_only_rule_imported(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(CHAT)
    out, modules = _run(tmp_path, "check", str(data), "--select", "PI001")
    assert "PI001" in out, out
    assert _rule_modules(modules) == {"ftlint.rules.privacy.email_address"}


def test_ftlint_rule_imports_that_rule_only(tmp_path: Path) -> None:
    out, modules = _run(tmp_path, "rule", "near-duplicate")
    assert "# near-duplicate (DQ012)" in out
    # Its severity under each profile needs no other rule, except those that decide in code whether
    # they run for a target (their own `active()`).
    asked = {entry.module for entry in rules_by_code().entries() if entry.own_active}
    assert _rule_modules(modules) == {"ftlint.rules.quality.near_duplicate"} | asked


@pytest.mark.parametrize("rule", builtin_rules(), ids=lambda rule: rule.code)
def test_the_default_options_are_what_validating_an_empty_table_gives(rule: type) -> None:
    assert rule.Options.model_construct() == rule.Options.model_validate({})


def test_options_are_read_only_and_validated_by_their_declarations() -> None:
    options = rules_by_code()["DQ012"].Options
    assert options.model_validate({"threshold": 0.9}).threshold == 0.9
    with pytest.raises(ValidationError):
        options.model_validate({"threshold": 0.2})  # `Field(0.77, ge=0.5, le=0.98)`
    with pytest.raises(ValidationError):
        options.model_validate({"no-such-key": 1})
    with pytest.raises(TypeError, match="frozen"):
        options.model_construct().threshold = 0.5  # type: ignore[misc]


def test_settings_know_which_keys_were_given() -> None:
    settings = Settings.model_validate({"fail-on": "warning", "ignore": ["PI"]})
    assert settings.model_fields_set == {"fail_on", "ignore"}
    assert settings.fail_on == "warning" and settings.select is None
    assert Settings.model_construct(select=["FL"]).model_fields_set == {"select"}
    # A mutable default is each instance's own, as with pydantic.
    first, second = Settings.model_construct(), Settings.model_construct()
    first.ignore.append("DQ")
    assert second.ignore == []
