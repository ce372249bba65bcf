"""User regular expressions (issue 13): a pattern that backtracks catastrophically cannot hang a check. The
textbook shape is refused when the config is read; any other slow pattern is stopped by a time bound
per match, and the run ends with exit 2 saying which option and why."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from ftlint.config.loader import read_settings
from ftlint.config.model import ConfigError
from ftlint.core.patterns import (
    MATCH_SECONDS,
    SECONDS_PER_CHARACTER,
    PatternTimeoutError,
    UserPattern,
    catastrophic_part,
)
from ftlint.rules.registry import BUILTIN_RULES
from tests.conftest import check_paths, run_cli

LONG = "a" * 10_000 + "b"


def _tool_call_record(call_id: str) -> str:
    call = {"id": call_id, "type": "function", "function": {"name": "f", "arguments": "{}"}}
    return json.dumps({"messages": [{"role": "user", "content": "Hi"},
                                    {"role": "assistant", "content": None, "tool_calls": [call]},
                                    {"role": "tool", "tool_call_id": call_id, "content": "ok"},
                                    {"role": "assistant", "content": "Done."}]}) + "\n"


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*b", r"^(\w+\s?)*$", r"(?:x+|y)+z", r"((ab)+)+c",
                                     r"(?i)(?:[a-z]+)*@", r"(a+)+?$", r"(?=(a+)+$)"])
def test_a_repeat_of_a_repeat_is_found(pattern: str) -> None:
    assert catastrophic_part(pattern) is not None


@pytest.mark.parametrize("pattern", [r"^[a-zA-Z0-9]{9}$", r"(?:[\w-]+\.)*example\.com$", r"a+b+", r"(a++)+$",
                                     r"(?>a+)+$", r"(a+)?", r"(ab|cd)+", r"^call_\d+$", r"(a+){2}"])
def test_patterns_that_split_text_one_way_are_accepted(pattern: str) -> None:
    assert catastrophic_part(pattern) is None


def test_the_default_patterns_of_every_rule_are_accepted() -> None:
    for rule in BUILTIN_RULES:
        defaults = rule.Options.model_construct()
        for name in rule.Options.model_fields:
            value = getattr(defaults, name)
            patterns = value if isinstance(value, list) else [value]
            for pattern in patterns:
                if isinstance(pattern, str) and name in ("allow", "pattern") and rule.code != "SC003":
                    assert catastrophic_part(pattern) is None, (rule.code, pattern)


@pytest.mark.parametrize("config", ['[rules.email-address]\nallow = ["(a+)+$"]\n',
                                    '[rules.TL011]\npattern = "(a+)+$"\n'])
def test_a_catastrophic_pattern_is_refused_when_the_config_is_read(tmp_path: Path, config: str) -> None:
    path = tmp_path / "ftlint.toml"
    path.write_text(config, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        read_settings(path)
    message = str(caught.value)
    assert str(path) in message and "`(a+)+$`" in message and "exponential" in message, message
    assert "`(a+)+`" in message, message  # the part to rewrite


def test_the_cli_refuses_a_catastrophic_pattern_at_once(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_text('[rules.TL011]\npattern = "(a+)+$"\n', encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(_tool_call_record(LONG), encoding="utf-8")
    started = time.monotonic()
    run = run_cli("check", "d.jsonl", "--select", "TL011", cwd=tmp_path, timeout=30)
    assert run.code == 2 and "Traceback" not in run.stderr, run.stderr
    assert "[rules.TL011] `pattern`" in run.stderr and "exponential" in run.stderr, run.stderr
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("method", ["search", "fullmatch"])
def test_a_slow_match_is_stopped_in_well_under_a_second(method: str) -> None:
    pattern = UserPattern(r"(a|aa)+$", "TL011 `pattern`")  # overlapping alternatives: not refused up front
    started = time.monotonic()
    with pytest.raises(PatternTimeoutError) as caught:
        getattr(pattern, method)(LONG)
    # Unstopped, this match would run for ages (2^10,000 ways to split the a's). It is stopped at its
    # limit; the wall-clock bound is loose, as a test machine under load may be slow to hand it back.
    assert caught.value.limit == pytest.approx(MATCH_SECONDS + len(LONG) * SECONDS_PER_CHARACTER)
    assert time.monotonic() - started < 10
    message = str(caught.value)
    assert "TL011 `pattern` `(a|aa)+$`" in message and "10,001 characters" in message, message
    assert "backtrack" in message, message


def test_a_slow_tool_call_id_pattern_ends_the_check_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text(_tool_call_record(LONG), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(PatternTimeoutError) as caught:
        check_paths([path], profile="mistral", select=["TL011"], rules={"TL011": {"pattern": "(a|aa)+"}})
    assert time.monotonic() - started < 10  # stopped, not left to backtrack (a loose bound: machines are noisy)
    assert "TL011 `pattern` `(a|aa)+`" in str(caught.value) and f"at {path}:1 " in str(caught.value)


def test_the_cli_says_which_pattern_was_too_slow(tmp_path: Path) -> None:
    (tmp_path / "ftlint.toml").write_text('[rules.TL011]\npattern = "(a|aa)+"\n', encoding="utf-8")
    (tmp_path / "d.jsonl").write_text(_tool_call_record(LONG), encoding="utf-8")
    run = run_cli("check", "d.jsonl", "--select", "TL011", cwd=tmp_path, timeout=30)
    assert run.code == 2 and "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert "TL011 `pattern` `(a|aa)+`" in run.stderr and "took longer than" in run.stderr, run.stderr
    assert "at d.jsonl:1 " in run.stderr, run.stderr


def test_a_slow_allow_pattern_ends_the_check_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    email = "a" * 60 + "@corp.org"
    path.write_text(json.dumps({"messages": [{"role": "user", "content": f"Mail {email}"},
                                             {"role": "assistant", "content": "Noted."}]}) + "\n")
    with pytest.raises(PatternTimeoutError) as caught:
        check_paths([path], select=["PI001"], rules={"PI001": {"allow": ["^(a|aa)+$"]}})
    assert "PI001 `allow` `^(a|aa)+$`" in str(caught.value) and f"at {path}:1 " in str(caught.value)


def test_matching_results_are_those_of_re() -> None:
    pattern = UserPattern(r"(?i)@(?:[\w-]+\.)*example\.com$", "PI001 `allow`")
    assert pattern.search("Jane@Mail.EXAMPLE.com") and not pattern.search("jane@example.com.evil.org")
    assert UserPattern(r"[a-z]{3}", "x").fullmatch("abc") and not UserPattern(r"[a-z]{3}", "x").fullmatch("abcd")


def test_a_slow_match_in_a_worker_process_comes_back_as_the_same_error(tmp_path: Path) -> None:
    """The error is pickled back from a pool worker with its message whole."""
    path = tmp_path / "d.jsonl"
    path.write_text(_tool_call_record("call_1") * 50 + _tool_call_record(LONG), encoding="utf-8")
    with pytest.raises(PatternTimeoutError) as caught:
        check_paths([path], profile="mistral", select=["TL011"], rules={"TL011": {"pattern": "(a|aa)+"}}, jobs=2,
                    chunk_bytes=4096, in_process_bytes=0)
    assert "TL011 `pattern` `(a|aa)+`" in str(caught.value) and f"at {path}:51" in str(caught.value)
