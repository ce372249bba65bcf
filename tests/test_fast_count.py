"""The accelerated token counter (GitHub's bpe-openai) counts exactly what tiktoken counts.

ftlint's counts must match what the provider bills, and tiktoken on the shipped rank files is the
reference (tests/test_stats.py checks `ftlint stats` against it). These tests hold the faster counter
to it: over the vocabulary, on random text built to hit the pre-tokenizer's edge cases, and on every
string of the real-data fixtures; and they check ftlint still counts right without it.
"""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ftlint.core.tokens import counting, fast_count
from ftlint.core.tokens.encodings import get_encoding, load_ranks

ENCODINGS = sorted(fast_count.SUPPORTED)
REALDATA = Path(__file__).parent.parent / "fixtures" / "realdata"
# The characters the o200k and cl100k patterns treat differently: kinds of white space and line
# breaks, contractions (both apostrophes), digits of several scripts, letters in every case class,
# combining marks, emoji with modifiers and joiners, punctuation, and a special token's spelling.
EDGE_ALPHABET = (
    " \t\n\r\x0b\x0c\u00a0\u2003\u3000"
    + "aAzZsStTdDmMlLvVrReE'\u2019"
    + "0123456789\u0663\u0664\u0665\uff10\uff11\u00b2"
    + ".,;:!?-_/\\()[]{}<>\"#$%&*+=@^`|~" + "éÉßøΩωЖжǅあア中文한글ไทยअआ\u0301\u0308\u200d\ufeff🙂👍🏽"
)
edge_text = st.text(alphabet=EDGE_ALPHABET, max_size=60) | st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60
)


def _wheel_expected() -> bool:
    """Whether bpe-openai has a wheel for this machine (then the test command installs it)."""
    machine = platform.machine().lower()
    if sys.platform == "linux":
        return machine == "x86_64" and platform.libc_ver()[0] == "glibc"
    return (sys.platform, machine) in (("win32", "amd64"), ("darwin", "arm64"))


def _counter(name: str) -> Callable[[str], int]:
    counter = fast_count.fast_counter(name)
    if counter is None:
        assert not _wheel_expected(), "bpe-openai should be installed here: pip install -e '.[test,ner,fast]'"
        pytest.skip(f"bpe-openai has no wheel for {sys.platform} {platform.machine()}")
    return counter


@pytest.mark.parametrize("name", ENCODINGS)
def test_every_token_of_the_vocabulary_is_the_same_text(name: str) -> None:
    # The accelerator carries its own copy of the vocabulary: compare it with the shipped, hash-checked
    # rank file token by token (those that are whole UTF-8 text; the rest are parts of characters).
    _counter(name)
    bindings = fast_count._bindings()
    assert bindings is not None
    tokenizer = bindings.tokenizer_for_encoding(name)
    ranks = load_ranks(name)
    compared = 0
    for token, rank in ranks.items():
        try:
            text = token.decode("utf-8")
        except UnicodeDecodeError:
            continue
        assert tokenizer.decode([rank]) == text, (name, rank)
        compared += 1
    assert compared > 0.98 * len(ranks)


@pytest.mark.parametrize("name", ENCODINGS)
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(text=edge_text)
def test_counts_equal_tiktoken_on_any_text(name: str, text: str) -> None:
    assert _counter(name)(text) == len(get_encoding(name).encode_ordinary(text))


@pytest.mark.parametrize("name", ENCODINGS)
@pytest.mark.parametrize("text", [
    "a" * 200_000, " " * 100_000, "\n" * 50_000 + "a", "9" * 100_000, "\U0001f642" * 20_000, "'s" * 30_000,
    " \t" * 40_000, "\r\n" * 30_000, "x\u200d" * 20_000, "\x00" * 1000,
], ids=["letters", "spaces", "newlines", "digits", "emoji", "contractions", "space-tab", "crlf", "joiners", "nul"])
def test_counts_equal_tiktoken_on_long_runs(name: str, text: str) -> None:
    # Whole files pasted into one message: long runs of one kind of character, where a BPE's merge
    # loop does the most work (and where the accelerator is linear in the length).
    assert _counter(name)(text) == len(get_encoding(name).encode_ordinary(text))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _realdata_strings() -> list[str]:
    found: list[str] = []
    for path in sorted(REALDATA.glob("*.json*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        documents = [text] if path.suffix == ".json" else text.splitlines()
        for document in documents:
            try:
                found.extend(_strings(json.loads(document)))
            except ValueError:
                found.append(document)  # a broken line is text to count too
    return found


@pytest.mark.parametrize("name", ENCODINGS)
def test_counts_equal_tiktoken_on_the_real_data(name: str) -> None:
    counter, encoding = _counter(name), get_encoding(name)
    strings = _realdata_strings()
    assert len(strings) > 5000
    mismatches = [s[:80] for s in strings if counter(s) != len(encoding.encode_ordinary(s))]
    assert mismatches == []


def test_special_tokens_are_ordinary_text_as_in_tiktoken() -> None:
    counter = _counter("o200k_base")
    text = "say <|endoftext|> then <|endofprompt|>"
    assert counter(text) == len(get_encoding("o200k_base").encode_ordinary(text)) > 4


def test_a_lone_surrogate_is_counted_as_tiktoken_counts_it() -> None:
    text = "broken \ud83d half"
    _counter("o200k_base")
    assert counting.ExactMeasure("o200k_base").fresh(text) == len(get_encoding("o200k_base").encode_ordinary(text))


def test_without_the_accelerator_tiktoken_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counting, "fast_counter", lambda name: None)
    measure = counting.ExactMeasure("o200k_base")
    encoding = get_encoding("o200k_base")
    short, long = "Fine-tuning data, counted the slow way?", "A system prompt long enough to be memoised. " * 3
    assert measure.fresh(short) == len(encoding.encode_ordinary(short))
    assert measure(long) == measure(long) == len(encoding.encode_ordinary(long))


def test_only_the_encodings_ftlint_ships_are_accelerated() -> None:
    # The package also has a tokenizer for Voyage's encoding, which ftlint neither ships nor checks
    # the accelerator against: it must not be used for it.
    _counter("o200k_base")
    bindings = fast_count._bindings()
    assert bindings is not None and "voyage3_base" in bindings.supported_encodings()
    assert fast_count.fast_counter("voyage3_base") is None


def test_loading_it_does_not_run_the_packages_heavy_init() -> None:
    # bpe_openai's __init__ reads its own rank files (~0.7 s); ftlint loads only the compiled module.
    code = (
        "import sys, time; from ftlint.core.tokens.fast_count import fast_counter; "
        "t = time.perf_counter(); c = fast_counter('o200k_base'); "
        "print(c is not None, 'bpe_openai' in sys.modules, c('hello world') if c else 2)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    if out[0] == "False":
        _counter("o200k_base")  # skips, or fails where the wheel should exist
    assert out == ["True", "False", "2"]


def test_a_missing_package_means_no_accelerator(monkeypatch: pytest.MonkeyPatch) -> None:
    real_find_spec = fast_count.importlib.util.find_spec
    monkeypatch.setattr(fast_count.importlib.util, "find_spec",
                        lambda name, *rest: None if name == "bpe_openai" else real_find_spec(name, *rest))
    # The uncached look-up (the cached one holds this process's loaded module, which cannot be loaded twice).
    assert fast_count._bindings.__wrapped__() is None


def test_another_build_of_the_crate_is_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    class OtherBuild:
        RUST_BACKEND_VERSION = "9.9.9"

        def tokenizer_for_encoding(self, name: str) -> object:
            raise AssertionError("an untested build must not be asked for a tokenizer")

    monkeypatch.setattr(fast_count, "_bindings", lambda: OtherBuild())
    assert fast_count.fast_counter.__wrapped__("o200k_base") is None
