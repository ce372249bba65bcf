"""A record's answer and its label: the short answer that classification rules count.

The answer is the completion (prompt/completion) or the final assistant message (chat); the label
is that answer when it is short, or whatever string sits at the `label-field` the user configured.
"""

from __future__ import annotations

from functools import partial

from ftlint.core.edits import resolve_pointer
from ftlint.core.records import Record
from ftlint.core.rule import Feature, Target

MAX_LABEL_CHARS = 40


_UNSET = object()


def record_label(record: Record) -> str | None:
    """The record's short answer (memoised: the label column and DQ003 both ask)."""
    label = record.memo.get("label", _UNSET)
    if label is _UNSET:
        answer = answer_text(record)
        label = record.memo["label"] = answer if answer is not None and len(answer) <= MAX_LABEL_CHARS else None
    return label  # type: ignore[return-value]


def answer_text(record: Record) -> str | None:
    """What the record teaches the model to answer: the completion, or the final assistant message
    (memoised: the label column, DQ003 and DQ007 all ask)."""
    answer = record.memo.get("answer", _UNSET)
    if answer is _UNSET:
        answer = record.memo["answer"] = _answer(record)
    return answer  # type: ignore[return-value]


def _answer(record: Record) -> str | None:
    view = record.view
    if view is None:
        return None
    if record.format == "chat" or record.format == "rft":
        messages = view.get("messages")
        if not messages:
            return None
        last = messages[-1]
        answer = last.get("content") if last.get("role") == "assistant" else None
    elif record.format == "prompt_completion":
        answer = view.get("completion")
    else:
        return None
    return answer if answer.__class__ is str else None


def label_at(pointer: str, record: Record) -> str | None:
    """The label at a configured pointer (`label-field`): any string there, however long."""
    found, value = resolve_pointer(record.data, pointer)
    return value if found and isinstance(value, str) else None


LABEL = Feature("label", "Utf8", record_label)


def label_feature(target: Target) -> Feature:
    """The label column for this target: the configured field, or the short answer of each record."""
    if target.label_field:
        return Feature("label", "Utf8", partial(label_at, target.label_field))
    return LABEL
