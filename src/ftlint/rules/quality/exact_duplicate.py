"""DQ001 exact-duplicate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Location, Severity, Violation
from ftlint.core.rule import DatasetRule, FileSummary, FixAvailability
from ftlint.rules.quality._hashes import RECORD_HASH

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class ExactDuplicate(DatasetRule):
    """Record is an exact copy of an earlier record.

    ## What it does
    Hashes every record's canonical JSON (keys sorted, whitespace ignored) and reports each copy
    after the first, naming the line of the first copy. Files checked together count as one
    dataset.

    ## Why it matters
    Duplicates weigh some examples more than others, waste training tokens, and, across train
    and validation files, make validation scores look better than they are.

    ## Example
    The same conversation on lines 12 and 480.

    ## Fix
    `ftlint fix --unsafe-fixes` deletes every copy after the first and keeps them in the rejects
    file (unsafe, because it drops records).

    ## Options
    None.
    """

    code = "DQ001"
    name = "exact-duplicate"
    default_severity = Severity.WARNING
    fix_availability = FixAvailability.ALWAYS
    features = (RECORD_HASH,)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        found = []
        for path, line, first_path, first_line, copies in table.repeated("record_hash"):
            where = f"line {first_line}" if path == first_path else f"{first_path}:{first_line}"
            fix = Fix("delete this copy (it goes to the rejects file)", Applicability.UNSAFE,
                      (DeleteLine(f"duplicate of {where}"),))
            found.append(
                Violation(f"duplicate of {where} ({copies} copies in all)", path=path, line=line,
                          related=(Location(first_path, first_line),), fix=fix)
            )
        return found
