"""TL011 tool-call-id-format."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation, pointer
from ftlint.core.option_types import Flag, RegexPattern
from ftlint.core.patterns import PatternTimeoutError, UserPattern
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RuleOptions, Target
from ftlint.rules.tools._base import ToolFacts, ToolRule

MISTRAL_ID = r"^[a-zA-Z0-9]{9}$"
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


class ToolCallIdFormatOptions(RuleOptions):
    pattern: RegexPattern = MISTRAL_ID
    """A regular expression every tool call id must match as a whole."""
    allow_null_last: Flag = True
    """Accept the id `null` on the calls of the example's last message (Mistral's finetuning mode)."""


class ToolCallIdFormat(ToolRule):
    """A tool call id, or the `tool_call_id` answering it, does not match the required pattern.

    ## What it does
    Checks the `id` of every tool call and the `tool_call_id` of every `tool` message against
    `pattern` (by default `^[a-zA-Z0-9]{9}$`: nine letters or digits) and reports each one that
    does not match as a whole. The id `null` is accepted on the calls of the last message, as
    Mistral accepts it there. Missing ids are TL001's and TL004's to report.

    This rule is opt-in: OpenAI and most trainers take any string; the `mistral` profile turns
    it on.

    ## Why it matters
    Mistral rejects the example (mistral-common `protocol/instruct/validator.py`, run by
    mistral-finetune's `validate_data`): "Tool call id was call_1 but must be a-z, A-Z, 0-9, with
    a length of 9." Its docs: "Both "id" and "tool_call_id" are randomly generated strings of
    exactly 9 characters." An id in a tool message that fails the check even crashes
    `validate_data`.

    ## Example
    `"tool_calls": [{"id": "call_1", ...}]` and `{"role": "tool", "tool_call_id": "call_1", ...}`.

    ## Fix
    `ftlint fix` renames every id of the record that does not match, in the call and in the tool
    messages that answer it alike, to nine letters and digits derived from the old id (the same
    old id gets the same new one in every record). Ids only pair calls with their answers, so
    nothing is lost. Offered only when the new ids match `pattern`.

    ## Options
    `pattern` (`^[a-zA-Z0-9]{9}$`): the regular expression ids must match as a whole.
    `allow-null-last` (true): accept the id `null` on the calls of the example's last message.
    """

    code = "TL011"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "tool-call-id-format"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    Options = ToolCallIdFormatOptions
    opt_in = True

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        self._pattern = UserPattern(self.options.pattern, f"{self.code} `pattern`")  # type: ignore[attr-defined]

    def check_record(self, record: Record) -> Iterable[Violation]:
        try:
            return super().check_record(record)
        except PatternTimeoutError as stopped:
            raise stopped.on_line(record.line.number) from None

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        messages = view["messages"]
        places = self._places(messages, facts)
        if not places:
            return ()
        pattern = self._pattern
        bad = [(where, value) for where, value in places if not pattern.fullmatch(value)]
        if not bad:
            return ()
        renames = _renames([value for _, value in bad], {value for _, value in places}, pattern)
        shown = self.options.pattern  # type: ignore[attr-defined]
        found = []
        for where, value in bad:
            fix = None
            if renames is not None:
                edits = tuple(SetValue(other, renames[value], only_if=value) for other, old in bad if old == value)
                fix = Fix(f"rename `{value}` to `{renames[value]}` in its call and its answers", Applicability.SAFE,
                          edits)
            what = "tool call id" if where.endswith("/id") else "`tool_call_id`"
            found.append(Violation(f"{what} `{value}` does not match `{shown}`", pointer=where, fix=fix))
        return found

    def _places(self, messages: list[dict[str, Any]], facts: ToolFacts) -> list[tuple[str, str]]:
        """Every id to check, with where it is, in the order of the record."""
        last = len(messages) - 1
        allow_null = self.options.allow_null_last  # type: ignore[attr-defined]
        calls: dict[int, list[tuple[str, str]]] = {}
        for call in facts.calls:
            if call.id and not (allow_null and call.id == "null" and call.message == last):
                calls.setdefault(call.message, []).append((call.pointer + "/id", call.id))
        places = []
        for number, message in enumerate(messages):
            places.extend(calls.get(number, ()))
            answer = message.get("tool_call_id") if message["role"] == "tool" else None
            if isinstance(answer, str) and answer:
                places.append((pointer("messages", number, "tool_call_id"), answer))
        return places


def _renames(old_ids: list[str], taken: set[str], pattern: UserPattern) -> dict[str, str] | None:
    """A new nine-character id for each old one: one-to-one, clear of every id in the record, and
    derived from the old id alone unless that collides. None when the new ids do not fit `pattern`."""
    renames: dict[str, str] = {}
    used = set(taken)
    for old in old_ids:
        if old in renames:
            continue
        salt = 0
        new = _derived(old, salt)
        while new in used:
            salt += 1
            new = _derived(old, salt)
        if not pattern.fullmatch(new):
            return None
        renames[old] = new
        used.add(new)
    return renames


def _derived(old: str, salt: int) -> str:
    digest = hashlib.sha256(f"{old}\0{salt}".encode() if salt else old.encode()).digest()
    number = int.from_bytes(digest[:8], "big")
    letters = []
    for _ in range(9):
        number, digit = divmod(number, 62)
        letters.append(_ALPHABET[digit])
    return "".join(letters)
