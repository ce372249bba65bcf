"""PF006 rft-last-not-user."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule


class RftLastNotUser(RecordRule):
    """A reinforcement fine-tuning example does not end with a user message.

    ## What it does
    In RFT records (the `openai-rft` profile), checks that `messages` is not empty and ends with
    the user's turn.

    ## Why it matters
    In RFT the model writes the answer and a grader scores it: the example is the prompt, so it
    must end where the model's turn begins. An assistant answer at the end would be ignored or
    rejected.

    ## Example
    `{"messages": [{"role": "user", "content": "Make 24 from 3 3 8 8"}, {"role": "assistant", ...}],
    "answer": "8/(3-8/3)"}`.

    ## Fix
    End each example with the user's message; keep the reference answer in a grader field.

    ## Options
    None.
    """

    code = "PF006"
    name = "rft-last-not-user"
    default_severity = Severity.ERROR
    formats = frozenset({"rft"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        messages = (record.view or {})["messages"]
        if not messages:
            return (Violation("`messages` is empty; an RFT example ends with the user's message",
                              pointer=pointer("messages")),)
        last = messages[-1]["role"]
        if last == "user":
            return ()
        return (Violation(f"the last message is from `{last}`; an RFT example must end with the user's message",
                          pointer=pointer("messages", len(messages) - 1, "role")),)
