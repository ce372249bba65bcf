"""Shared by the SC rules that report the typed view's structural issues of one kind."""

from __future__ import annotations

from ftlint.core.findings import Violation
from ftlint.core.formats.validate import IssueKind
from ftlint.core.records import Record


def issues_of_kind(record: Record, kind: IssueKind, suffix: str = "") -> list[Violation]:
    return [Violation(issue.message + suffix, pointer=issue.pointer)
            for issue in record.schema_issues if issue.kind == kind]
