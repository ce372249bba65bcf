"""Which edits a fixer pass makes: the fixes of the findings that the user's applicability allows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ftlint.core.edits import DeleteLine, FileChange, RecordEdit, RewriteFile
from ftlint.core.findings import Applicability, Finding


@dataclass
class FilePlan:
    """The edits for one file in one pass, each tagged with the finding (code, line) it fixes."""

    changes: dict[FileChange, str] = field(default_factory=dict)  # change -> code
    deletes: dict[int, tuple[str, DeleteLine]] = field(default_factory=dict)
    record_edits: dict[int, list[tuple[str, RecordEdit]]] = field(default_factory=dict)
    every_record: list[tuple[str, RecordEdit]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.deletes or self.record_edits or self.every_record)

    @property
    def line_edits(self) -> bool:
        return bool(self.deletes or self.record_edits or self.every_record)


def allowed(unsafe: bool) -> frozenset[Applicability]:
    return frozenset({Applicability.SAFE, Applicability.UNSAFE} if unsafe else {Applicability.SAFE})


def plan_fixes(findings: Iterable[Finding], applicability: frozenset[Applicability]) -> dict[str, FilePlan]:
    """Plans by displayed path. A deleted line takes no other edit; everything else composes."""
    plans: dict[str, FilePlan] = {}
    for finding in findings:
        fix = finding.fix
        if fix is None or fix.applicability not in applicability or not fix.edits:
            continue
        plan = plans.setdefault(finding.path, FilePlan())
        for edit in fix.edits:
            if isinstance(edit, RewriteFile):
                plan.changes.setdefault(edit.change, finding.code)
            elif isinstance(edit, DeleteLine):
                plan.deletes.setdefault(finding.line, (finding.code, edit))
                plan.record_edits.pop(finding.line, None)
            elif fix.every_record:
                plan.every_record.append((finding.code, edit))
            elif finding.line not in plan.deletes:
                plan.record_edits.setdefault(finding.line, []).append((finding.code, edit))
    return plans
