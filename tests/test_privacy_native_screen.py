"""RE2's screens (`native_screen`) answer as Python's (`screen`): the same yes and no on every string.

`strings_may_hold_pii` of a record's strings is `text_may_hold_pii` of any of them; `screen_text` of
an ASCII string is `text_may_hold_pii` and `_gates_let_in` together; `text_may_be_found` is the same
with RE2 and without. RE2's classes are compared with Python's where they stand for them: `\\s`
exactly, and every digit Python knows is one RE2 knows.
"""

from __future__ import annotations

import platform
import re
import sys

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import digit_shape, native_screen, screen
from ftlint.privacy.screen import text_may_be_found, text_may_hold_pii
from tests.test_privacy import corpus, real_texts
from tests.test_privacy_found_screen import _ARITHMETIC_TEXT, _gsm8k_like
from tests.test_privacy_precision import PRECISION, RECALL


def _wheel_expected() -> bool:
    """Whether google-re2 has a wheel for this machine (then the test command installs it)."""
    machine = platform.machine().lower()
    if sys.platform == "linux":
        return machine in ("x86_64", "aarch64") and platform.libc_ver()[0] == "glibc"
    return sys.platform in ("win32", "darwin")


@pytest.fixture(autouse=True, scope="module")
def _re2() -> None:
    if native_screen._search() is None:
        assert not _wheel_expected(), "google-re2 should be installed here: pip install -e '.[test,ner,fast]'"
        pytest.skip(f"google-re2 is not installed (no wheel for {sys.platform} {platform.machine()}?)")


def _re2_finds(pattern: str, text: str) -> set[str]:
    import re2

    return set(re2.findall(pattern, text))


_EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_the_space_class_is_pythons() -> None:
    assert _re2_finds(f"[{native_screen._SPACE}]", _EVERY_CHARACTER) == set(re.findall(r"\s", _EVERY_CHARACTER))


def test_every_digit_python_knows_re2_knows() -> None:
    pythons = set(re.findall(r"\d", _EVERY_CHARACTER)) - set("0123456789")
    assert pythons <= _re2_finds(r"[^\P{Nd}0-9]", _EVERY_CHARACTER)


def _texts() -> list[str]:
    return corpus() + real_texts() + PRECISION + RECALL + _gsm8k_like(600, seed=3)


def _pythons_answer(text: str) -> int:
    shape = digit_shape.shape_of(text)
    assert shape is not None
    answer = native_screen.HOLD if text_may_hold_pii(text) else 0
    if screen._gates_let_in(text, shape, digit_shape.digit_count(shape)):
        answer |= native_screen.GATES
    return answer


def test_the_text_screen_is_pythons_on_the_corpora_and_the_real_files() -> None:
    texts = [text for text in _texts() if text.isascii()]
    answers = [native_screen.screen_text(text) for text in texts]
    assert answers == [_pythons_answer(text) for text in texts]
    assert {answer & native_screen.HOLD for answer in answers if answer is not None} == {0, 1}  # not vacuous
    assert native_screen.screen_text("Zoë 415 555 2671") is None  # not ASCII: Python's screens answer


_PIECES = st.one_of(
    st.from_regex(r"[0-9]{1,5}", fullmatch=True),
    st.sampled_from([" ", "-", ".", ":", "::", "@", "://", "ab", "AB", "GB", "de", "x", "/", " - ", "\n", "\t", "(",
                     ")", "+", "~", "\x0b", "\x1f", "1", "3", "=", "<<", ">>", "\u2012", "\u0663", "\xa0", "\x85"]),
    st.from_regex(r"[A-Za-z0-9]{20,30}", fullmatch=True),
)
_TEXT = st.one_of(st.lists(_PIECES, max_size=14).map("".join), _ARITHMETIC_TEXT)


@settings(max_examples=1500, deadline=None, derandomize=True)
@example(text="4111 1111 1111 1111")
@example(text="a:b:c:d:e:f:g:h")
@example(text="1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")
@example(text="GB82 WEST")
@example(text="81.2.69.160")
@example(text="123-45-6789")
@example(text="12\u2012 34 \xa056")
@given(text=_TEXT)
def test_the_text_screen_is_pythons_on_random_text(text: str) -> None:
    answer = native_screen.screen_text(text)
    assert answer == (_pythons_answer(text) if text.isascii() else None), text


@settings(max_examples=1000, deadline=None, derandomize=True)
@example(texts=["a:b:c:d", "e:f:g:h"])  # seven colons, but not in one string
@example(texts=["GB", "82"])
@example(texts=["12 34", "56 78"])
@example(texts=["x\x00", "1 2 3 4 5 6"])
@example(texts=["\ud800 415 555 2671"])
@given(texts=st.lists(_TEXT, max_size=4))
def test_the_record_screen_is_pythons_screen_of_each_string(texts: list[str]) -> None:
    expected = any(text_may_hold_pii(text) for text in texts)
    answer = native_screen.strings_may_hold_pii(texts)
    assert answer or not expected, texts  # never says no where Python says yes ...
    if all("\x00" not in text and text == text.encode("utf-8", "ignore").decode() for text in texts):
        assert answer == expected, texts  # ... and, where it reads the strings, says what Python says


def test_the_gate_says_the_same_with_re2_and_without(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    with_re2 = [text_may_be_found(text) for text in texts]
    monkeypatch.setattr(native_screen, "screen_text", lambda text: None)
    assert [text_may_be_found(text) for text in texts] == with_re2
    assert any(with_re2) and not all(with_re2)


def test_without_re2_every_record_is_screened_string_by_string(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(native_screen, "_search", lambda: None)
    assert native_screen.strings_may_hold_pii(["no digits at all"])  # "may": each string is asked
    assert not native_screen.strings_may_hold_pii([])
