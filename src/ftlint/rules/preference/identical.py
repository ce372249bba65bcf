"""PF003 identical-preference-pair."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule

_PAIRS = {"preference": ("preferred_output", "non_preferred_output"), "preference_trl": ("chosen", "rejected")}


class IdenticalPreferencePair(RecordRule):
    """The preferred and the rejected answer are the same.

    ## What it does
    Compares `preferred_output` with `non_preferred_output` (OpenAI DPO) or `chosen` with
    `rejected` (TRL), ignoring surrounding whitespace of the text.

    ## Why it matters
    A pair with no difference carries no preference: it adds noise to the loss and wastes
    tokens. It is usually a generation or export bug.

    ## Example
    `"chosen": "Paris."` and `"rejected": "Paris."`.

    ## Fix
    Replace the rejected answer with a worse one, or drop the example.

    ## Options
    None.
    """

    code = "PF003"
    name = "identical-preference-pair"
    default_severity = Severity.ERROR
    formats = frozenset(_PAIRS)
    when = "valid"

    def check_record(self, record: Record) -> Iterable[Violation]:
        better, worse = _PAIRS[record.format]  # type: ignore[index]
        view = record.view or {}
        if _normal(view[better]) != _normal(view[worse]):
            return ()
        return (Violation(f"`{better}` and `{worse}` are the same; the pair teaches no preference",
                          pointer=f"/{worse}"),)


def _normal(value: object) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_normal(item) for item in value]
    if isinstance(value, dict):
        return {key: _normal(item) for key, item in value.items()}
    return value
