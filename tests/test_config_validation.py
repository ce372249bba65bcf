"""Config validation (issue 13): every setting and every rule option is checked for its type and range,
and a bad one is exit 2 naming the file, the key and what is allowed."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from ftlint.config.loader import read_settings
from ftlint.config.model import ConfigError, Settings
from ftlint.rules.registry import BUILTIN_RULES, rules_by_code
from tests.conftest import FIXTURES, run_cli

VALID = FIXTURES / "datasets" / "valid" / "example.jsonl"


def _toml(value: Any) -> str:
    """A TOML literal for a test value (TOML writes nan and inf bare)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, float) and math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if isinstance(value, str):
        return json.dumps(value)  # JSON's string escapes are TOML's
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)


def _config_error(tmp_path: Path, text: str, name: str = "ftlint.toml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    message = str(caught.value)
    assert str(path) in message, message
    return message


# Each top-level setting with values that are wrong for it, and words of what is allowed instead.
BAD_SETTINGS: list[tuple[str, Any, str]] = [
    ("max-tokens", -5, "a whole number, 1 or more"),
    ("max-tokens", 0, "a whole number, 1 or more"),
    ("max-tokens", True, "a whole number, 1 or more"),  # TOML's true is not the number 1
    ("max-tokens", 2.5, "a whole number, 1 or more"),
    ("min-examples", 0, "a whole number, 1 or more"),
    ("min-examples", False, "a whole number, 1 or more"),
    ("show-pii", 1, "true or false"),
    ("show-pii", "yes", "true or false"),
    ("formats", [], "at least 1"),
    ("formats", ["chat", "chats"], "one of"),
    ("input-format", "jsonl", "one of"),
    ("model", "", "at least 1 character"),
    ("provider", "", "at least 1 character"),
    ("extends", "", "at least 1 character"),
    ("select", [""], "at least 1 character"),  # "" would be a prefix of every code: all rules
    ("extend-select", [""], "at least 1 character"),
    ("ignore", [""], "at least 1 character"),
    ("fail-on", "fatal", "one of `error`, `warning`, `info`"),
    ("output-format", "xml", "one of"),
    ("plugins", [""], "at least 1 character"),
    ("plugins", "./my_rules.py", "a list"),  # one path is still a list of them
    ("strict-plugins", "yes", "true or false"),
    ("exclude", "raw", "a list"),  # one string is not a list of patterns (nor a pattern per character)
    ("exclude", [""], "at least 1 character"),
    ("extend-exclude", [""], "at least 1 character"),
    ("extend-exclude", [3], "a non-empty string"),
    ("force-exclude", 1, "true or false"),
    ("eval-files", "evals.jsonl", "a list"),  # one path is still a list of them
    ("eval-files", [""], "at least 1 character"),
]


def test_every_setting_has_bad_values_tested() -> None:
    # `rules` tables are each rule's own (below); `label-field`, `per-file-ignores` and `severity` have
    # their own tests.
    tested = {key for key, _, _ in BAD_SETTINGS} | {"rules", "label-field", "per-file-ignores", "severity"}
    assert {field.alias or name for name, field in Settings.model_fields.items()} - tested == set()


@pytest.mark.parametrize(("key", "value", "allowed"), BAD_SETTINGS)
def test_a_bad_setting_names_the_file_the_key_and_what_is_allowed(tmp_path: Path, key: str, value: Any,
                                                                  allowed: str) -> None:
    message = _config_error(tmp_path, f"{key} = {_toml(value)}\n")
    assert f"`{key}" in message and allowed in message, message


def test_a_bad_table_setting_is_named_with_its_entry(tmp_path: Path) -> None:
    message = _config_error(tmp_path, '[per-file-ignores]\n"legacy/*.jsonl" = [""]\n')
    assert "`per-file-ignores.legacy/*.jsonl.0`" in message and "at least 1 character" in message, message
    message = _config_error(tmp_path, '[severity]\nCH001 = "fatal"\n')
    assert "`severity.CH001`" in message and "`error`, `warning`, `info`" in message, message


def test_a_pyproject_error_names_its_table(tmp_path: Path) -> None:
    message = _config_error(tmp_path, "[tool.ftlint]\nmax-tokens = true\n", name="pyproject.toml")
    assert "[tool.ftlint]" in message and "`max-tokens`" in message, message


# Every option of every rule, with values that are wrong for it. A new option must be added here (the
# test below fails until it is): its type and range are then checked like the others.
BAD_OPTIONS: dict[str, dict[str, list[Any]]] = {
    "SC003": {"allow": [[""], "images"]},
    "CH006": {"any-role": [1, "true"]},
    "CH008": {"tags": [[], [""]]},  # no tag known makes every turn unknown
    "CH013": {"require-instruction": [0]},
    "TL002": {"require-id": [1]},
    "TL004": {"require-id": [0]},
    "TL011": {"pattern": ["", "(unclosed", "(a+)+$", "a\x1b[31m"], "allow-null-last": [1]},
    "IM004": {"max-images": [0, -1, True]},
    "IM007": {"max-examples": [0, True, 1.5]},
    "IM008": {"image-column": [""], "video-column": [""], "audio-column": [""], "image-placeholder": [""],
              "video-placeholder": [""], "audio-placeholder": [""]},
    "IM009": {"image-column": ["", 3]},
    "PC006": {"prompt-chars": [-1, True, 2.5], "completion-chars": [-1, False]},
    "TK001": {"max-tokens": [-5, 0, True]},
    "TK002": {"min-examples": [0, True], "reason": [""], "validation": [[], [""]]},
    "TK004": {"max-length": [0, -1, True]},
    "CL002": {"max-ratio": [0.5, 1, math.nan, math.inf, True]},
    "CL003": {"min-examples": [0, True]},
    "DQ004": {"validation": [[], [""]], "near": [1]},
    "DQ006": {"spread": [0, -1.0, math.nan, math.inf, True]},
    "DQ007": {"max-share": [1.5, -0.1, math.nan, True], "phrases": [[], [""], ["  "]]},  # "" starts every answer
    "DQ010": {"brackets": [1, "yes"]},
    "DQ011": {"max-compressed": [0, 1, math.nan, True], "min-chars": [10, True]},
    "DQ012": {"threshold": [0.4, 0.99, math.nan, True]},
    "DQ013": {"identity": ["", [""], 3], "names": [[""], "ChatGPT"], "makers": [[""]]},
    # A ratio of 1 or less would call any pair set whose chosen answers are a letter longer biased.
    "PF007": {"min-pairs": [0, -5, 2.5, True], "min-share": [1.5, -0.1, math.nan, True],
              "min-ratio": [1, 0.5, math.nan, math.inf, True]},
    "PF008": {"max-share": [1.5, -0.1, math.nan, True], "phrases": [[], [""], [" \t"], "I'm sorry"]},
    "DQ014": {"ngram": [5, 9, "8", True], "min-share": [0, 1.5, math.nan, True], "min-matches": [0, 2.5],
              "benchmarks": [[], ["GSM8K"], "HumanEval"], "every-record": [1, "yes"]},
    "DQ015": {"ngram": [4, 51, 8.5, True], "min-share": [0, 1.01], "min-matches": [0, True],
              "every-record": ["true"]},
    # The privacy rules share their options; each rule's own default allow list is tested too. A score
    # above 1 or nan silently reported nothing; an allow pattern found in every value allowed everything.
    "PI001": {"min-score": [7, -0.1, math.nan, math.inf, True], "placeholder": ["numbers"],
              "allow": [[""], ["x*"], ["(unclosed"], ["(a+)+$"], "@example.com"]},
    "PI002": {"allow": [["x?"]]},
    "PI003": {"allow": [[".*"]]},
    "PI004": {"allow": [[""]]},
    "PI005": {"allow": [["x*"]]},
    "PI006": {"allow": [["(\\w+\\s?)*$"]]},
    "PI009": {"allow": [[""]]},
    # Secrets: the allow list's checks, and their own placeholder option.
    "PI011": {"allow": [[""], ["x*"], ["(unclosed"], "AKIA"], "placeholder": ["numbers", "SECRET"]},
}


def _declared(options: type[BaseModel], name: str) -> type:
    """The class that declares a field (the privacy rules inherit theirs, some give their own default)."""
    return next(cls for cls in options.__mro__ if name in getattr(cls, "__annotations__", {}))


def test_every_option_of_every_rule_has_bad_values_tested() -> None:
    rules = rules_by_code()
    tested = {(_declared(rules[code].Options, key.replace("-", "_")), key.replace("-", "_"))
              for code, options in BAD_OPTIONS.items() for key in options}
    every = {(_declared(rule.Options, name), name) for rule in BUILTIN_RULES for name in rule.Options.model_fields}
    assert every - tested == set()


@pytest.mark.parametrize(("code", "key", "value"), [
    (code, key, value) for code, options in BAD_OPTIONS.items() for key, values in options.items() for value in values
])
def test_a_bad_rule_option_names_the_file_the_rule_the_key_and_what_is_allowed(tmp_path: Path, code: str, key: str,
                                                                               value: Any) -> None:
    message = _config_error(tmp_path, f"[rules.{code}]\n{key} = {_toml(value)}\n")
    assert f"[rules.{code}]" in message and f"`{key}" in message, message
    assert "allowed:" in message or "regular expression" in message, message


@pytest.mark.parametrize(("option", "value", "allowed"), [
    ("min-score", 7, "a number from 0 to 1"),
    ("min-score", math.nan, "a number from 0 to 1"),
    ("min-score", True, "a number from 0 to 1"),
    ("placeholder", "numbers", "one of `numbered`, `type`"),
])
def test_the_allowed_range_is_said_in_words(tmp_path: Path, option: str, value: Any, allowed: str) -> None:
    message = _config_error(tmp_path, f"[rules.email-address]\n{option} = {_toml(value)}\n")
    assert "[rules.email-address]" in message and f"`{option}` = {_toml(value)}" in message, message
    assert f"allowed: {allowed}" in message, message


def test_an_error_in_an_extended_file_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "team.toml").write_text("[rules.TK001]\nmax-tokens = -5\n", encoding="utf-8")
    (tmp_path / "ftlint.toml").write_text('extends = "team.toml"\n', encoding="utf-8")
    (tmp_path / "d.jsonl").write_bytes(VALID.read_bytes())
    run = run_cli("check", "d.jsonl", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "team.toml: [rules.TK001] `max-tokens` = -5" in run.stderr, run.stderr


@pytest.mark.parametrize("config", [
    "[rules.PI001]\nmin-score = nan\n",  # detected nothing before: every score compares false with nan
    "[rules.PI001]\nmin-score = 7\n",
    "max-tokens = true\n",  # was the limit 1: every record too long
])
def test_the_cli_refuses_a_bad_value_with_exit_2(tmp_path: Path, config: str) -> None:
    (tmp_path / "ftlint.toml").write_text(config, encoding="utf-8")
    (tmp_path / "d.jsonl").write_bytes(VALID.read_bytes())
    run = run_cli("check", "d.jsonl", cwd=tmp_path)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert "ftlint.toml" in run.stderr and "allowed:" in run.stderr, run.stderr


def test_every_rules_defaults_satisfy_its_own_constraints() -> None:
    """Defaults are not validated when a rule is built: check here that they would pass."""
    for rule in BUILTIN_RULES:
        defaults = rule.Options.model_construct()
        given = {name: getattr(defaults, name) for name in rule.Options.model_fields}
        assert rule.Options.model_validate(given) == defaults, rule.code


def test_control_characters_in_a_bad_key_are_shown_escaped(tmp_path: Path) -> None:
    message = _config_error(tmp_path, '"sel\\u001b[31mect" = ["FL"]\n')
    assert "\x1b" not in message and "\\u001b" in message, message
