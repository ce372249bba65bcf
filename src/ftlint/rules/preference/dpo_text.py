"""PF004 dpo-output-not-text."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule
from ftlint.rules.preference.dpo_output import OUTPUTS


class DpoOutputNotText(RecordRule):
    """A DPO output is not plain, non-empty text.

    ## What it does
    Reports output messages whose `content` is missing, empty, a list of parts, or that make
    tool calls.

    ## Why it matters
    OpenAI's DPO trains on text only; outputs with tool calls or content parts are rejected,
    and an empty output is a pair with nothing to prefer.

    ## Example
    `"non_preferred_output": [{"role": "assistant", "content": null, "tool_calls": [...]}]`.

    ## Fix
    Write both outputs as text replies.

    ## Options
    None.
    """

    code = "PF004"
    name = "dpo-output-not-text"
    default_severity = Severity.ERROR
    formats = frozenset({"preference"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view = record.view or {}
        found = []
        for key in OUTPUTS:
            for index, message in enumerate(view[key]):
                content = message.get("content")
                if message.get("tool_calls") or message.get("function_call"):
                    found.append(Violation(f"`{key}` makes a tool call; DPO outputs must be text",
                                           pointer=pointer(key, index, "tool_calls")))
                elif not isinstance(content, str):
                    what = "a list of content parts" if isinstance(content, list) else "no text"
                    found.append(Violation(f"`{key}` has {what}; DPO outputs must be text",
                                           pointer=pointer(key, index, "content")))
                elif not content.strip():
                    found.append(Violation(f"`{key}` is empty", pointer=pointer(key, index, "content")))
        return found
