"""PF001 dpo-output-not-one-turn."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

OUTPUTS = ("preferred_output", "non_preferred_output")


class DpoOutputNotOneTurn(RecordRule):
    """A DPO output is not exactly one assistant message.

    ## What it does
    Checks that `preferred_output` and `non_preferred_output` each hold one message, from the
    assistant.

    ## Why it matters
    OpenAI trains DPO "on one-turn conversations for each example, where the preferred and
    non-preferred messages need to be the last assistant message"; other shapes are rejected.

    ## Example
    `"preferred_output": [{"role": "assistant", ...}, {"role": "user", ...}]`.

    ## Fix
    Keep the single assistant reply in each output; move earlier turns into `input.messages`.

    ## Options
    None.
    """

    code = "PF001"
    name = "dpo-output-not-one-turn"
    default_severity = Severity.ERROR
    formats = frozenset({"preference"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view = record.view or {}
        found = []
        for key in OUTPUTS:
            messages = view[key]
            if len(messages) != 1:
                found.append(Violation(f"`{key}` holds {len(messages)} messages; it must hold exactly one, from the "
                                       "assistant", pointer=pointer(key)))
            elif messages[0]["role"] != "assistant":
                found.append(Violation(f"`{key}` is a `{messages[0]['role']}` message; it must be the assistant's",
                                       pointer=pointer(key, 0, "role")))
        return found
