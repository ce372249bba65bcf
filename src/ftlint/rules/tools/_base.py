"""What the TL rules share: the tool definitions and the tool calls of a chat record, read once."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ftlint.core.findings import Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class Call:
    """One tool call: where it is, and what it names."""

    message: int
    index: int
    id: str | None  # None: the call has no `id` key (Hugging Face templates need none)
    name: str
    arguments: Any  # a string holding JSON (OpenAI), or an object (Hugging Face chat templates, TRL)

    @property
    def pointer(self) -> str:
        return f"/messages/{self.message}/tool_calls/{self.index}"


@dataclass(frozen=True)
class ToolFacts:
    functions: dict[str, dict[str, Any]]  # name -> its definition (name, description?, parameters?)
    defines_tools: bool
    calls: list[Call]

    @classmethod
    def of(cls, view: dict[str, Any]) -> ToolFacts:
        functions: dict[str, dict[str, Any]] = {}
        for tool in view.get("tools") or ():
            function = tool.get("function") if isinstance(tool, dict) else None
            if isinstance(function, dict) and isinstance(function.get("name"), str):
                functions.setdefault(function["name"], function)
        for function in view.get("functions") or ():
            if isinstance(function, dict) and isinstance(function.get("name"), str):
                functions.setdefault(function["name"], function)
        calls = []
        for number, message in enumerate(view["messages"]):
            for index, call in enumerate(message.get("tool_calls") or ()):
                function = call["function"]
                calls.append(Call(number, index, call.get("id"), function["name"], function["arguments"]))
        defines = bool(view.get("tools") or view.get("functions"))
        return cls(functions, defines, calls)


class ToolRule(RecordRule):
    """A record rule over a valid chat record's tools and calls.

    The TL rules declare themselves pure on a record's shape: a shaped record has only roles and
    text, so their result depends on its roles alone (a `tool` message there has no `tool_call_id`).
    """

    formats = frozenset({"chat", "rft"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view: dict[str, Any] = record.view  # type: ignore[assignment]  # `when = "valid"`
        facts = record.memo.get("tools")
        if facts is None:
            facts = record.memo["tools"] = ToolFacts.of(view)
        return self.check_tools(view, facts)

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        raise NotImplementedError
