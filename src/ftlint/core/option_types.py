"""The value types of settings and rule options, with the ranges they allow.

A value of the wrong type or out of range is a config error naming the key and what is allowed, never
a quietly different behaviour: TOML's `true` is not the number 1 (a `max-tokens = true` made every
record too long), a score of 7 or `nan` is not a score (PII detection reported nothing), and an empty
string is no code prefix (`ignore = [""]` matched every rule). Numbers are strict (no booleans, no
strings) but an integer is a fine float; containers stay lax, as TOML gives lists where a set is wanted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator

from ftlint.core.lazy_model import Field
from ftlint.core.patterns import check_user_pattern

__all__ = ["Field"]  # rules write their options' `Field(...)` with this one (see `ftlint.core.lazy_model`)


@dataclass(frozen=True)
class Allowed:
    """What a type allows, in words, for config errors; pydantic ignores it."""

    text: str


# true or false, and nothing else: `1` and "yes" are refused, not read as true.
Flag = Annotated[bool, Field(strict=True)]
# A number of things (examples, images, tokens): a whole number, 1 or more.
Count = Annotated[int, Field(strict=True, ge=1)]
# A length in characters that may be zero.
Length = Annotated[int, Field(strict=True, ge=0)]
# A finite number; each field adds its own range (a type with a range of its own would not do: of two
# bounds on one side, pydantic keeps the one written last).
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
# A share or a score: a finite number from 0 to 1.
Share = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0, le=1)]
# A name, a key, a code or a phrase: never empty, nor only spaces (a blank phrase starts every answer).
Text = Annotated[str, Field(strict=True, min_length=1, pattern=r"\S")]

# A regular expression (Python syntax), refused when it cannot compile or can take exponential time;
# rules match it through `ftlint.core.patterns.UserPattern`, which bounds the time of every match.
RegexPattern = Annotated[str, AfterValidator(check_user_pattern), Allowed("a regular expression")]


def _finds_something(pattern: str) -> str:
    if re.search(pattern, ""):
        raise ValueError(f"`{pattern}` matches empty text, so it is found in every value and would let all of "
                         "them pass; make it match at least one character")
    return pattern


# An allow-list pattern: searched for in each value found, so one that matches empty text would allow
# every value (and turn the rule off without a word).
AllowPattern = Annotated[RegexPattern, AfterValidator(_finds_something),
                         Allowed("a regular expression that matches at least one character")]
