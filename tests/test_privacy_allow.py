"""The PI rules' `allow` lists: built-in patterns joined and run with `re` answer as each pattern
through `UserPattern` did; a user's patterns keep their order and their time bound."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from ftlint.core.patterns import PatternTimeoutError, UserPattern
from ftlint.privacy.detect import ALLOWED_BY_DEFAULT
from ftlint.rules.privacy._allow import SEPARATORS, AllowList, _alternation
from ftlint.rules.privacy.email_address import EmailAddress
from ftlint.rules.privacy.us_ssn import UsSocialSecurityNumber
from tests.conftest import check_paths

# Pieces the values are made of: near misses and hits of every built-in pattern, separators, case,
# and characters on which `re` and `regex` disagree (`\w` and combining marks, `\d` and other digits).
_PIECES = {
    "EMAIL_ADDRESS": ["jane", "J.Doe", "git", "noreply", "no-reply", "do-not-reply", "DoNotReply", "@", "@", ".",
                      "-", "example", "EXAMPLE", "example-domain", "yourdomain", "mydomain", "some-co", "domain",
                      "com", "org", "net", "io", "test", "invalid", "localhost", "mail", "x", "e\u0301", "\u00e9",
                      "\u0663", "_", "(", " "],
    "PHONE_NUMBER": ["+1", "1", "(", ")", "555", "0123", "415", "736", "2671", "-", " ", ".", "/", "+", "55",
                     "5", "\u0665", "\u00b2", "x", "ext"],
    "CREDIT_CARD": ["4111", "1111", "4242", "5555", "4444", "378282", "246310005", "6011", "-", " ", "0", "9",
                    "\u0664"],
    "US_SSN": ["078", "05", "1120", "219", "09", "9999", "123", "45", "6789", "987", "65", "432", "111", "22",
               "3333", "-", " ", ".", "7", "\u0667"],
    "IP_ADDRESS": ["127", "0", "10", "192", "168", "169", "254", "172", "16", "31", "32", "198", "51", "100",
                   "203", "113", "2001", "db8", "0db8", "fe80", "FE8A", "fc00", "fd12", "::", ":", "1", ".", "8"],
}


# Values each built-in pattern allows: mutated (a separator put in, a character changed) into near misses.
_HITS = {
    "EMAIL_ADDRESS": ["jane@mail.example.com", "J@Example.ORG", "a@b.test", "git@github.com:org/repo.git",
                      "noreply@acme.io", "do-not-reply@x.io", "you@yourdomain.com", "jane@example-domain.com",
                      "ops@some-co.net", "a@my-domain.org"],
    "PHONE_NUMBER": ["(425) 555-0123", "555-0199", "+1 (555) 123-4567", "1-555-123-4567", "555 123 4567"],
    "CREDIT_CARD": ["4111 1111 1111 1111", "4242-4242-4242-4242", "378282246310005", "4222222222222",
                    "6200000000000005", "3056 930009 020004"],
    "US_SSN": ["078-05-1120", "219-09-9999", "123 45 6789", "987.65.4325", "111-22-3333", "999-99-9999"],
    "IP_ADDRESS": ["127.0.0.1", "10.1.2.3", "192.168.0.7", "172.20.1.1", "169.254.9.9", "192.0.2.14",
                   "198.51.100.7", "203.0.113.9", "::1", "fe80::1", "fd12:3456::1", "2001:db8::7", "0.0.0.0"],
}


def _values(entity: str, count: int, seed: int = 14) -> list[str]:
    draw = random.Random(seed)
    pieces, hits = _PIECES[entity], _HITS[entity]
    values = []
    for _ in range(count):
        if draw.random() < 0.4:
            values.append("".join(draw.choice(pieces) for _ in range(draw.randint(1, 9))))
            continue
        value = draw.choice(hits)
        for _ in range(draw.choice((0, 0, 1, 2))):
            at = draw.randrange(len(value) + 1)
            value = value[:at] + draw.choice(pieces) + value[at + draw.choice((0, 1)):]
        values.append(value)
    return values


def _each_pattern(patterns: tuple[str, ...], value: str, engine: str) -> bool:
    """The answer as it was: each pattern in turn, on the value and on it without separators."""
    bare = SEPARATORS.sub("", value)
    if engine == "re":
        return any(re.search(p, value) or re.search(p, bare) for p in patterns)
    compiled = [UserPattern(p, "test") for p in patterns]
    return any(p.search(value) or p.search(bare) for p in compiled)


@pytest.mark.parametrize("entity", sorted(ALLOWED_BY_DEFAULT))
def test_the_joined_built_in_patterns_find_what_each_pattern_finds(entity: str) -> None:
    patterns = ALLOWED_BY_DEFAULT[entity]
    joined = _alternation(patterns)
    values = _values(entity, 4000)
    allowed = 0
    for value in values:
        bare = SEPARATORS.sub("", value)
        expected = _each_pattern(patterns, value, "re")
        assert bool(joined.search(value) or joined.search(bare)) == expected, value
        allowed += expected
    assert 50 < allowed < len(values) - 50  # both answers were given often


@pytest.mark.parametrize("entity", sorted(ALLOWED_BY_DEFAULT))
def test_the_allow_list_answers_as_each_pattern_through_regex_did(entity: str) -> None:
    patterns = ALLOWED_BY_DEFAULT[entity]
    allow_list = AllowList(list(patterns), f"{entity} `allow`")
    for value in _values(entity, 1500, seed=26):
        assert allow_list.allows(value, 1) == _each_pattern(patterns, value, "regex"), value


def test_a_value_beyond_ascii_is_matched_as_regex_matches_it() -> None:
    # `regex`'s \w takes a combining mark, `re`'s does not: the address was allowed, and still is.
    value = "jane@cafe\u0301.example.com"
    patterns = ALLOWED_BY_DEFAULT["EMAIL_ADDRESS"]
    assert not _each_pattern(patterns, value, "re") and _each_pattern(patterns, value, "regex")
    assert AllowList(list(patterns), "PI001 `allow`").allows(value, 1)


def test_rules_share_one_compiled_alternation() -> None:
    first, second = EmailAddress(target=None), EmailAddress(target=None)  # type: ignore[arg-type]
    assert first._allow._steps[0].search == second._allow._steps[0].search
    assert len(first._allow._steps) == 1  # the three built-in patterns as one


def test_a_pattern_with_groups_keeps_its_numbers_when_joined() -> None:
    # `(\d)\1\1...`: the repeated-digit SSNs; joined after a pattern without groups, \1 is still its own.
    ssn = UsSocialSecurityNumber(target=None)  # type: ignore[arg-type]
    assert ssn._allow.allows("111-22-3333", 1) and ssn._allow.allows("987-65-4325", 1)
    assert not ssn._allow.allows("111-22-3334", 1) and not ssn._allow.allows("536-80-4398", 1)
    assert AllowList([r"(\d)\1", r"(\w)-\1"], "x").allows("a-a", 1)


def test_user_patterns_keep_their_order_among_built_in_ones() -> None:
    defaults = list(ALLOWED_BY_DEFAULT["EMAIL_ADDRESS"])
    allow_list = AllowList([defaults[0], r"^ops@", defaults[2], r"corp\.org$"], "PI001 `allow`")
    assert [type(step).__name__ for step in allow_list._steps] == ["_Joined", "UserPattern", "_Joined", "UserPattern"]
    assert allow_list.allows("ops@acme.io", 1) and allow_list.allows("jane@corp.org", 1)
    assert allow_list.allows("noreply@acme.io", 1) and allow_list.allows("jane@mail.example.com", 1)
    assert not allow_list.allows("jane@acme.io", 1)


def test_a_slow_user_pattern_after_the_built_in_ones_still_ends_the_check(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    email = "a" * 60 + "@corp.org"
    path.write_text("\n" + json.dumps({"messages": [{"role": "user", "content": f"Mail {email}"},
                                                    {"role": "assistant", "content": "Noted."}]}) + "\n")
    allow = [*ALLOWED_BY_DEFAULT["EMAIL_ADDRESS"], "^(a|aa)+$"]
    with pytest.raises(PatternTimeoutError) as caught:
        check_paths([path], select=["PI001"], rules={"PI001": {"allow": allow}})
    assert "PI001 `allow` `^(a|aa)+$`" in str(caught.value) and f"at {path}:2 " in str(caught.value)
