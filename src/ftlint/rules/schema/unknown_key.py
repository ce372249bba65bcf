"""SC003 unknown-key."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Text
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions
from ftlint.rules.schema._issues import issues_of_kind

# What an unknown key means for the target: said once per finding, after the key.
_CONSEQUENCE = {
    "": "; OpenAI and Together reject keys a format does not define, local trainers drop them",
    "OpenAI": "; OpenAI rejects keys the format does not define",
    "Together": "; Together rejects keys the format does not define (\"Found extra column\")",
    "Mistral": "; mistral-finetune ignores keys it does not use",
}


class UnknownKeyOptions(RuleOptions):
    allow: frozenset[Text] = frozenset()
    """Top-level keys to accept beside the format's own."""


class UnknownKey(RecordRule):
    """Record or message has a key its format does not define.

    ## What it does
    Reports keys that are not part of the format, at the record's top level and inside
    messages, content parts and tool calls.

    ## Why it matters
    OpenAI rejects examples with keys it does not know ("contains an extra ..."); other trainers
    drop them silently, so metadata you meant to keep is lost, or a misspelt key (`contnet`) means
    a field is missing.

    ## Example
    `{"messages": [...], "source": "crawl-3"}`.

    ## Fix
    Remove the key, or keep metadata in a separate file keyed by line.

    Trainers differ here: Together rejects extra keys ("Unexpected column"), OpenAI rejects some,
    local trainers drop them; LLaMA-Factory reads `images`, `videos` and `audios` beside `messages`
    (its profile allows them).

    ## Options
    `allow`: top-level keys to accept (e.g. `["images"]`, or grader fields).
    """

    code = "SC003"
    name = "unknown-key"
    default_severity = Severity.WARNING
    when = "issues"
    Options = UnknownKeyOptions

    def check_record(self, record: Record) -> Iterable[Violation]:
        found = issues_of_kind(record, "unknown", _CONSEQUENCE.get(self.target.provider or "", ""))
        allowed: frozenset[str] = self.options.allow  # type: ignore[attr-defined]
        if not allowed:
            return found
        return [v for v in found if v.pointer.count("/") != 1 or v.pointer[1:] not in allowed]
