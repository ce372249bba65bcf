"""EX001 as-an-ai-model: a record rule with options and an unsafe fix."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.plugin import (
    Applicability,
    DeleteLine,
    Field,
    Fix,
    FixAvailability,
    Record,
    RecordRule,
    RuleOptions,
    Severity,
    Text,
    Violation,
    pointer,
)

_DROP = Fix("move the record to the rejects file", Applicability.UNSAFE, (DeleteLine("canned AI disclaimer"),))


class AsAnAiModelOptions(RuleOptions):
    phrases: list[Text] = Field(["As an AI language model"], min_length=1)


class AsAnAiModel(RecordRule):
    """Assistant answer opens with a canned AI disclaimer.

    ## What it does
    Reports assistant messages that contain one of `phrases` (any case).

    ## Why it matters
    A model fine-tuned on "As an AI language model, I cannot..." learns to disclaim instead of answering.

    ## Example
    `{"role": "assistant", "content": "As an AI language model, I cannot browse."}`

    ## Fix
    Rewrite the answer, or `ftlint fix --unsafe-fixes` moves the record to the rejects file.

    ## Options
    `phrases`: the phrases to look for (default: "As an AI language model").
    """

    code = "EX001"
    name = "as-an-ai-model"
    default_severity = Severity.WARNING
    formats = frozenset({"chat"})
    fix_availability = FixAvailability.ALWAYS
    when = "valid"  # records whose typed view validated: `record.view` is the chat record
    Options = AsAnAiModelOptions

    def check_record(self, record: Record) -> Iterable[Violation]:
        phrases = self.options.phrases
        for index, message in enumerate(record.view["messages"]):
            content = message.get("content")
            if message.get("role") != "assistant" or not isinstance(content, str):
                continue
            said = next((phrase for phrase in phrases if phrase.lower() in content.lower()), None)
            if said is not None:
                yield Violation(f"assistant answer says \"{said}\": the model learns to disclaim instead of "
                                "answering", pointer=pointer("messages", index, "content"), fix=_DROP)

    @classmethod
    def url(cls) -> str:
        return "https://example.org/ftlint-example-plugin/EX001"
