"""PC003 completion-without-leading-space."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.edits import EditText
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule
from ftlint.rules.prompt_completion._columns import string_pair
from ftlint.rules.prompt_completion._stats import PcRule

_FIX = Fix("start the completion with a space", Applicability.SAFE, (EditText("/completion", prepend=" "),))


class CompletionWithoutLeadingSpace(PcRule, RecordRule):
    """Completion does not start with a whitespace character.

    ## What it does
    Reports non-empty completions whose first character is not whitespace, in records whose
    prompt and completion are strings (message and content-part lists are templated by the
    trainer, which places the spaces itself).

    ## Why it matters
    The GPT tokenizers attach a word's leading space to the word (` positive` is one token,
    `positive` another). Completions that start with a space match how the model continues
    text, and OpenAI's legacy guide asks for it.

    ## Example
    `{"prompt": "Great film!\\n\\n###\\n\\n", "completion": "positive"}`.

    ## Fix
    `ftlint fix` adds one space at the start of the completion (safe).

    ## Options
    None.
    """

    code = "PC003"
    name = "completion-without-leading-space"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        texts = string_pair(record)
        completion = texts[1] if texts else ""
        if not completion or completion[0].isspace():
            return ()
        return (Violation("completion does not start with a space; the tokenizer expects ` word`, not `word`",
                          pointer="/completion", fix=_FIX),)
