"""PF005 trl-preference-shape."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule


class TrlPreferenceShape(RecordRule):
    """A TRL preference record mixes text and messages, or its conversations are out of order.

    ## What it does
    In `{"prompt", "chosen", "rejected"}` records, checks that the three are all strings
    (standard) or all message lists (conversational); and, in the conversational kind, that the
    prompt ends with a user message and that `chosen` and `rejected` hold assistant messages.

    ## Why it matters
    TRL applies the chat template only when all three are conversational; a mix is tokenized
    wrongly or fails. Replies that are not the assistant's train the wrong turn.

    ## Example
    `{"prompt": [{"role": "user", ...}], "chosen": "Paris.", "rejected": "Lyon."}`.

    ## Fix
    Use one kind for all three fields.

    ## Options
    None.
    """

    code = "PF005"
    name = "trl-preference-shape"
    default_severity = Severity.ERROR
    formats = frozenset({"preference_trl"})
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        view = record.view or {}
        kinds = {key: isinstance(view[key], list) for key in ("prompt", "chosen", "rejected")}
        if len(set(kinds.values())) > 1:
            lists = ", ".join(f"`{key}`" for key, is_list in kinds.items() if is_list)
            return (Violation(f"{lists} {'is a message list' if lists.count('`') == 2 else 'are message lists'} "
                              "but the other fields are strings; use one kind for all three"),)
        if not kinds["prompt"]:
            return ()
        found = []
        prompt = view["prompt"]
        if prompt and prompt[-1]["role"] != "user":
            found.append(Violation(f"the prompt ends with a `{prompt[-1]['role']}` message; it must end with the user",
                                   pointer=pointer("prompt", len(prompt) - 1, "role")))
        for key in ("chosen", "rejected"):
            for index, message in enumerate(view[key]):
                if message["role"] != "assistant":
                    found.append(Violation(f"`{key}` holds a `{message['role']}` message; replies are the assistant's",
                                           pointer=pointer(key, index, "role")))
        return found
