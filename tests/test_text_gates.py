"""The cheap looks that keep the text rules cheap (DQ008-DQ010 on by default) never hide a finding.

DQ008 (invisible characters), DQ009 (mojibake) and DQ010 (placeholders) share a gate on the raw
line (`line_may_hold_odd_text`): whatever a string holds, and however the JSON encoder spelled each
character (escaped, in either case of hex, or as UTF-8), the gate lets the line through whenever
one of the rules finds something in it. DQ011 compresses only answers in which a probed piece
recurs (`may_loop`): every answer that loops still is.
"""

from __future__ import annotations

import json
import random
import zlib

import orjson
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ftlint.core.models import ModelSpec
from ftlint.core.rule import Target
from ftlint.rules._texts import TextRule
from ftlint.rules.quality._odd_text import (
    ANGLE_WORDS,
    BRACKET_WORDS,
    INVISIBLE_CHARS,
    MOJIBAKE_CONTINUATIONS,
    MOJIBAKE_LEADS,
    line_may_hold_blank,
    line_may_hold_odd_text,
)
from ftlint.rules.quality.invisible_characters import InvisibleCharacters
from ftlint.rules.quality.mojibake import Mojibake
from ftlint.rules.quality.placeholders import TemplatePlaceholder, TemplatePlaceholderOptions
from ftlint.rules.quality.repetition import may_loop

_TARGET = Target("neutral", ModelSpec("", "o200k_base", 65536, 1, None, None, "", ""), frozenset())
RULES = (InvisibleCharacters(target=_TARGET), Mojibake(target=_TARGET),
         # Bracket blanks too: the gates must serve the rule with every option.
         TemplatePlaceholder(TemplatePlaceholderOptions(brackets=True), target=_TARGET))
DEFAULT_RULES = (*RULES[:2], TemplatePlaceholder(target=_TARGET))

# Pieces that make findings likely: every character the rules look for, the words and brackets of
# placeholders in odd cases, look-alikes (U+017F, U+0131, U+0130, U+212A fold to s, i, i, k in Unicode), and mojibake.
PIECES = [*INVISIBLE_CHARS, *MOJIBAKE_LEADS, *MOJIBAKE_CONTINUATIONS, *"{}[]<>`\"\\/ \t\n\r\u017f\u0131\u0130\u212a",
          *BRACKET_WORDS, *ANGLE_WORDS, "INSERT", "Your", "fIll In", "name", " x]", ">", "}}", "{{",
          "Caf\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u200d", "\u200e", "\U0001f468", "é", "…"]
WHOLE = ["<insert date>", "<PLACEHOLDER>", "<your key>", "[INSERT TIME]", "[Your Name]", "[fill in here]",
         "[add one]", "[enter it]", "[placeholder]", "{{name}}", "{{ author }}", "\u200b", "\ufeff", "\x7f", "\x85",
         # Mojibake whose second character (Š, š, ™, Œ, œ, Ÿ, U+02C6) is escaped outside \u00XX and \u20XX.
         *(char.encode("utf-8").decode("cp1252") for char in "ÊÚÙÌÜßÈ")]
texts = st.lists(st.sampled_from(PIECES) | st.sampled_from(WHOLE) | st.characters(exclude_categories=("Cs",)),
                 max_size=24).map("".join)


def _found(text: str, rules: tuple[TextRule, ...] = RULES) -> bool:
    return any(rule.check_text(text, "/x") is not None for rule in rules)


def _passes(raw: bytes) -> bool:
    """What the gates let through: the shared one, and DQ010's own with `brackets`."""
    return line_may_hold_odd_text(raw) or line_may_hold_blank(raw)


def _spelled(text: str, rng: random.Random) -> str:
    """`text` as a JSON string in which each character is, at random, escaped (hex in either case) or not."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\' or code < 0x20 or rng.random() < 0.3:
            units = [code] if code < 0x10000 else [0xD800 + ((code - 0x10000) >> 10), 0xDC00 + (code & 0x3FF)]
            spelled = "".join(f"\\u{unit:04x}" for unit in units)
            out.append(spelled.upper().replace("\\U", "\\u") if rng.random() < 0.5 else spelled)
        else:
            out.append(char)
    return "".join([*out, '"'])


def _spellings(text: str, seed: int) -> list[bytes]:
    """A record holding `text` as orjson, json.dumps (both ways) and a mixed encoder write it."""
    record = {"messages": [{"role": "user", "content": text}, {"role": "assistant", "content": "ok"}]}
    lines = [orjson.dumps(record), json.dumps(record).encode(), json.dumps(record, ensure_ascii=False).encode(),
             ('{"messages": [{"role": "user", "content": ' + _spelled(text, random.Random(seed))
              + '}, {"role": "assistant", "content": "ok"}]}').encode()]
    for raw in lines:
        assert orjson.loads(raw) == record  # each is a true spelling of the record
    return lines


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.integers(0, 2**32))
def test_the_gate_lets_through_every_line_a_text_rule_reports(text: str, seed: int) -> None:
    lines = _spellings(text, seed)
    if _found(text, DEFAULT_RULES):
        assert all(line_may_hold_odd_text(raw) for raw in lines), text
    if _found(text):
        assert all(_passes(raw) for raw in lines), text


@pytest.mark.parametrize("text", [*INVISIBLE_CHARS, *WHOLE])
def test_the_gate_lets_through_each_finding_alone(text: str) -> None:
    assert _found(f"a {text} b")
    for seed in range(8):
        lines = _spellings(f"a {text} b", seed)
        assert all(_passes(raw) for raw in lines)
        if _found(f"a {text} b", DEFAULT_RULES):
            assert all(line_may_hold_odd_text(raw) for raw in lines)


def test_the_gate_turns_away_ordinary_lines() -> None:
    question = "Is a[i] < b {x} or \"quoted\"?\nTabs\there, C:\\\\dir"
    answer = "Café, naïve, 日本語, emoji \U0001f600, see [the guide](x)."
    ordinary = {"messages": [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]}
    assert not line_may_hold_odd_text(orjson.dumps(ordinary))
    assert line_may_hold_odd_text(json.dumps({"t": "Hello {{name}}"}).encode())


def _ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(zlib.compress(data, 6)) / len(data)


sentences = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1, max_size=80)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences, st.lists(sentences, min_size=1, max_size=3), st.integers(2, 300), sentences, st.integers(0, 2**32))
def test_every_answer_that_loops_is_probed(head: str, phrases: list[str], times: int, tail: str, seed: int) -> None:
    # A generation that looped: some text, then one or a few phrases over and over, maybe a few words after.
    # Phrases taken in random order are a loop only when each is at least a probe long: short ones
    # shuffled ("0", "11\x80", "01\x80" 299 times) make a random string over a tiny alphabet, which zlib
    # compresses well without anything in it repeating, and which DQ011 must not call a repetition.
    assume(len(phrases) == 1 or all(len(phrase) >= 8 for phrase in phrases))
    rng = random.Random(seed)
    text = head + "".join(rng.choice(phrases) for _ in range(times)) + tail
    if len(text) >= 400 and _ratio(text) < 0.15:
        assert may_loop(text)


def test_natural_answers_are_not_compressed() -> None:
    prose = ("The migration moves each table in three steps. First, the new column is added and back-filled in "
             "batches of ten thousand rows, so that locks stay short. Second, the application writes to both "
             "columns for a day while a checker compares them. Third, reads switch over, and the old column is "
             "dropped a week later, once the backups that still reference it have expired.")
    assert not may_loop(prose)
    assert may_loop("Sure. " + "I hope this helps. " * 40)
    assert may_loop("".join(f"{number}. Eat a banana!\n" for number in range(1, 200)))  # a numbered loop
