"""TL004 unpaired-tool-call."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.option_types import Flag
from ftlint.core.rule import RuleOptions
from ftlint.rules.tools._base import ToolFacts, ToolRule


class UnpairedToolCallOptions(RuleOptions):
    require_id: Flag = True
    """Report a `tool` message that names no call (OpenAI, Mistral); Hugging Face templates need no ids."""


class UnpairedToolCall(ToolRule):
    """A tool call is never answered, or a tool message answers no call.

    ## What it does
    Pairs every tool call with the `tool` messages that follow its assistant message (before the
    next assistant message) by `tool_call_id`. Reports calls with no answer, except in the
    example's last message (an example may end by calling a tool), `tool` messages without a
    `tool_call_id`, and ones whose id matches no earlier call.

    ## Why it matters
    The provider rejects conversations whose tool results do not match their calls, and a model
    trained on them learns to invent results.

    ## Example
    An assistant calls `call_1`, and the next message is a user turn.

    ## Fix
    Add the tool message with the call's id and result, or remove the call.

    Hugging Face chat templates pair results with calls by order, not by id: the neutral, TRL,
    Axolotl, LLaMA-Factory and Fireworks profiles set `require-id = false`, so a tool message with no
    `tool_call_id` (answering a call with no `id`) is fine there.

    ## Options
    `require-id`: report a `tool` message without a `tool_call_id` (default true).
    """

    code = "TL004"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "unpaired-tool-call"
    default_severity = Severity.ERROR
    Options = UnpairedToolCallOptions

    def check_tools(self, view: dict[str, Any], facts: ToolFacts) -> Iterable[Violation]:
        messages = view["messages"]
        found = []
        open_calls: dict[str, str] = {}  # id -> pointer of the calls waiting for an answer
        answered: set[str] = set()
        last = len(messages) - 1
        for number, message in enumerate(messages):
            role = message["role"]
            if role == "tool":
                call_id = message.get("tool_call_id")
                if not call_id:
                    if not self.options.require_id:  # type: ignore[attr-defined]
                        continue
                    found.append(Violation("`tool` message without a `tool_call_id`",
                                           pointer=pointer("messages", number)))
                elif call_id in open_calls:
                    answered.add(call_id)
                else:
                    found.append(Violation(f"`tool` message answers `{call_id}`, but no earlier tool call has that id",
                                           pointer=pointer("messages", number, "tool_call_id")))
                continue
            if role == "assistant":
                found.extend(_unanswered(open_calls, answered))
                open_calls = {c.id: c.pointer for c in facts.calls if c.message == number and c.id}
                answered = set()
                if number == last:
                    open_calls = {}  # the example ends by calling: nothing to answer yet
        found.extend(_unanswered(open_calls, answered))
        return found


def _unanswered(calls: dict[str, str], answered: set[str]) -> list[Violation]:
    return [Violation(f"tool call `{call_id}` has no `tool` message with its result", pointer=where)
            for call_id, where in calls.items() if call_id not in answered]
