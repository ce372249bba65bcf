"""PF002 dpo-input-not-ending-with-user."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule


class DpoInputNotEndingWithUser(RecordRule):
    """A DPO example's `input.messages` does not end with a user message.

    ## What it does
    Checks that the conversation in `input.messages` is not empty and that its last message is
    from the user, whom the preferred and non-preferred replies answer.

    ## Why it matters
    The outputs are compared as replies to that last user turn; an input ending with the
    assistant makes the pair answer nothing.

    ## Example
    `"input": {"messages": [{"role": "user", ...}, {"role": "assistant", ...}]}`.

    ## Fix
    End `input.messages` with the user turn the outputs reply to.

    ## Options
    None.
    """

    code = "PF002"
    name = "dpo-input-not-ending-with-user"
    default_severity = Severity.ERROR
    formats = frozenset({"preference"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        messages = (record.view or {})["input"]["messages"]
        if not messages:
            return (Violation("`input.messages` is empty; it must end with a user message",
                              pointer=pointer("input", "messages")),)
        last = messages[-1]["role"]
        if last == "user":
            return ()
        return (Violation(f"`input.messages` ends with a `{last}` message; it must end with the user turn the "
                          "outputs answer", pointer=pointer("input", "messages", len(messages) - 1, "role")),)
