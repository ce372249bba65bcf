"""Values of `convert`'s options as the command line gives them: column mappings, escaped text, and the
output formats (listed here, so that `ftlint --help` does not import the converters; a test holds the
list to `ftlint.convert.OUTPUT_FORMATS`)."""

from __future__ import annotations


class MappingError(ValueError):
    """A --map value that is not KEY=SOURCE."""


ESCAPES = {"\\n": "\n", "\\t": "\t", "\\r": "\r", "\\\\": "\\"}
# The output formats of `convert`, listed without importing the converters (`ftlint --help` stays fast).
OUTPUT_FORMATS = ("chat", "preference", "prompt_completion", "trl_messages", "text", "trl_prompt_completion",
                  "trl_prompt_completion_text", "trl_preference", "trl_preference_text", "trl_kto", "trl_kto_text",
                  "alpaca", "sharegpt")


def parse_mapping(values: tuple[str, ...]) -> dict[str, str]:
    columns = {}
    for value in values:
        key, sep, source = value.partition("=")
        if not sep or not key.strip() or not source.strip():
            raise MappingError(f"--map {value}: write it as KEY=SOURCE, e.g. --map prompt=question")
        columns[key.strip()] = source.strip()
    return columns


def unescape(value: str) -> str:
    """`\\n`, `\\t`, `\\r` and `\\\\` in an option as the characters they name: a shell passes them as typed."""
    out, index = [], 0
    while index < len(value):
        pair = value[index:index + 2]
        if pair in ESCAPES:
            out.append(ESCAPES[pair])
            index += 2
        else:
            out.append(value[index])
            index += 1
    return "".join(out)
