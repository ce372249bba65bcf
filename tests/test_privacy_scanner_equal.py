"""The scanner's cheap e-mail search (zones read off one `translate`, a plain address read off
without presidio's pattern, the domain check cached, the recognizers' gates) finds exactly what
the scanner before it finds (`tests/scanner_reference.py`, kept as it was): on real files, on
generated personal data, and on random text made of the pieces addresses and numbers are made of."""

from __future__ import annotations

import random

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ftlint.privacy import _presidio_patterns as presidio_tables
from ftlint.privacy import digit_shape, emails, scanner
from ftlint.privacy.presidio import PATTERN_ENTITIES
from tests import scanner_reference as reference
from tests.conftest import FIXTURES
from tests.test_privacy_digit_shape import TEXTS
from tests.test_privacy_scanner import _personal_text, _strings_of


def _assert_same(texts: list[str], entities: tuple[str, ...] = PATTERN_ENTITIES) -> None:
    differ = [(text, scanner.find(text, entities), reference.find(text, entities)) for text in texts]
    differ = [d for d in differ if d[1] != d[2]]
    assert not differ, "\n".join(f"{text[:200]!r}\n  new {new}\n  reference {old}" for text, new, old in differ[:5])


def test_the_plain_address_is_read_off_presidios_one_pattern() -> None:
    # `emails.plain_match` is proven for this pattern alone (IGNORECASE changes nothing on ASCII).
    assert [pattern for _, pattern, _ in presidio_tables.PATTERNS["EMAIL_ADDRESS"]] == [emails.PATTERN]


@pytest.mark.parametrize(("zone", "match"), [
    ("Maria.Lopez4821@gmail.com", "Maria.Lopez4821@gmail.com"),
    ("'jane_doe@mail.example-host.co.uk'.", "jane_doe@mail.example-host.co.uk"),
    ("{+a@b.io}", "a@b.io"),  # signs around it, as the pattern's `\b` skips them
    ("a+b@b.io", "a+b@b.io"),
    ("+a@b.io", "a@b.io"),
    ("a@b.io...", "a@b.io"),
    ("a@b.io-", "a@b.io"),
    ("a.@b.io", None),  # a local part ending in a dot: the pattern decides
    ("a@b", None),  # no dotted domain
    ("a@b.io@c.io", None),  # two `@`
    ("a@b-.io", None),
])
def test_plain_match(zone: str, match: str | None) -> None:
    text = f"mail: {zone} thanks"
    span = emails.plain_match(text, 6, 6 + len(zone))
    assert (None if span is None else text[span[0]:span[1]]) == match


def test_plain_match_leaves_long_and_non_ascii_zones_to_the_pattern() -> None:
    long_zone = "a" * 250 + "@b.io"
    assert emails.plain_match(long_zone, 0, len(long_zone)) is None
    assert emails.plain_match("jos\u00e9@b.io", 0, 9) is None


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "realdata").glob("*.json*")))
def test_real_files(name: str) -> None:
    _assert_same(_strings_of(FIXTURES / "realdata" / name))


def test_generated_personal_data() -> None:
    rng = random.Random(26)
    _assert_same([" ".join(_personal_text(rng) for _ in range(rng.randint(1, 3))) for _ in range(600)])


_PIECES = ["@", "@", ".", "..", "-", "--", "_", "+", "'", '"', " ", "/", "//", "(", ")", "<", ">", ",", ":", "!", "#",
           "?", "{", "}", "|", "`", "~", "=", "%", "&", "*", "^", "$", "\n", "\t", "@@", ".com", ".co.uk", ".ck",
           ".invalidtld", ".xn--p1ai", "gmail", "Maria.Lopez", "www", "xn--bcher-kva", "\u00e9", "\u0301", "\u200d",
           "\u00bd", "\uff20", "\u3002", "\u212a", "\u017f", "\u0130", "\u0131", "\u0663", "://", "user:pw@",
           "https://", "mailto:", "1234", "a" * 130, "4539 1488 0343 6467", "4539-1488-0343-6467",
           "\u0664\u0665\u0663\u0669 \u0661\u0664\u0668\u0668 \u0660\u0663\u0664\u0663 \u0666\u0664\u0666\u0667",
           "12 - 3 - 45 - 6789 - 1234", "4222222222222", "3622 720627 1667", "+1 (415) 867-5309",
           "GB82 WEST 1234 5698 7654 32", "8.8.8.8", "::1", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "<<12-3=9>>"]


@settings(max_examples=1000, deadline=None, derandomize=True)
@example(pieces=["Maria.Lopez", "1234", "@", "gmail", ".com", "."])
@example(pieces=["'", "a", "@", "b", ".com", "'"])
@example(pieces=["a" * 130, "a" * 130, "@", "gmail", ".com"])
@example(pieces=["mailto:", "a", "@", "b", ".io"])
@example(pieces=["home", "/", "a", "@", "b", ".io", "/", "x"])
@given(pieces=st.lists(st.one_of(st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True), st.sampled_from(_PIECES)),
                       min_size=1, max_size=14))
def test_random_email_and_digit_text(pieces: list[str]) -> None:
    _assert_same(["".join(pieces)])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(pieces=st.lists(st.one_of(st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True), st.sampled_from(_PIECES)),
                       min_size=1, max_size=10),
       entities=st.lists(st.sampled_from(PATTERN_ENTITIES), unique=True, max_size=4).map(tuple))
def test_some_entities_only(pieces: list[str], entities: tuple[str, ...]) -> None:
    _assert_same(["".join(pieces)], entities)


# Addresses as people write them and as they go wrong: local parts of words, signs and dots,
# domains of labels, hyphens and dots, and what stands around them.
_LOCAL = st.lists(st.one_of(st.from_regex(r"[A-Za-z0-9_]{1,5}", fullmatch=True),
                            st.sampled_from([".", "..", "_", "-", "+", "'", "!", "#", "{", "}", "/", "=", "?", "%",
                                             "\u00e9", "\u0301", "\u00bd"])), min_size=1, max_size=5)
_DOMAIN = st.lists(st.one_of(st.from_regex(r"[a-z0-9]{1,5}", fullmatch=True),
                             st.sampled_from([".", "-", "--", "_", ".com", ".co.uk", ".ck", ".xn--p1ai", ".invalidtld",
                                              "\u00e9", "\u3002", ":8080"])), min_size=1, max_size=5)
_AROUND = st.sampled_from(["", "", " ", "'", '"', "(", ")", ".", "..", ",", "-", "<", ">", "/", "{", "}", "+", "@",
                           "mailto:", "\u00e9", "\n", "x ", " 123 ", "a" * 250])
_ADDRESS = st.builds(lambda before, local, domain, after: f"{before}{''.join(local)}@{''.join(domain)}{after}",
                     _AROUND, _LOCAL, _DOMAIN, _AROUND)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(text=st.lists(st.one_of(_ADDRESS, st.sampled_from(_PIECES)), min_size=1, max_size=4).map("".join))
def test_random_addresses(text: str) -> None:
    _assert_same([text])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(TEXTS)
@example("GB82WEST")
@example("aB00")
@example("a00")
@example("A 00")
def test_the_iban_gate_searched_from_its_digits(text: str) -> None:
    shape = digit_shape.shape_of(text)
    assert shape is not None
    found = scanner._LETTERS_THEN_DIGITS.search(shape) is not None
    assert found == digit_shape.letters_then_digits(shape) == (scanner._IBAN_START.search(text) is not None)
