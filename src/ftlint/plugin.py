"""The API for writing rules outside ftlint: everything a plugin imports, from this one module.

A rule derives from one of the four scopes, declares its identity and yields `Violation`s; the engine
stamps code, severity and url, applies the user's selection and severities, and reports it like any
of ftlint's own rules. See "Writing rules (plugins)" in the README, and `ftlint.rules.plugins` for what
an entry point or a rule file may give.

    from ftlint.plugin import RecordRule, Severity, Violation

    class AsAnAiModel(RecordRule):
        \"\"\"Assistant answer says "As an AI language model".\"\"\"

        code = "EX001"
        name = "as-an-ai-model"
        default_severity = Severity.WARNING
        formats = frozenset({"chat"})
        when = "valid"

        def check_record(self, record):
            ...

Names here are kept stable for plugins; anything imported from elsewhere in `ftlint` may move.
"""

from __future__ import annotations

from ftlint.core.edits import DeleteLine, EditText, ReplaceRecord, SetValue
from ftlint.core.engine.features import FeatureTable
from ftlint.core.findings import Applicability, Fix, Location, Severity, Violation, pointer
from ftlint.core.option_types import Count, Field, Flag, Length, Number, RegexPattern, Share, Text
from ftlint.core.records import FileFacts, Line, LineError, Record
from ftlint.core.rule import (
    DatasetRule,
    Feature,
    FileRule,
    FileSummary,
    FixAvailability,
    LineRule,
    RecordRule,
    Rule,
    RuleOptions,
    Target,
)

__all__ = [
    "Applicability",
    "Count",
    "DatasetRule",
    "DeleteLine",
    "EditText",
    "Feature",
    "FeatureTable",
    "Field",
    "FileFacts",
    "FileRule",
    "FileSummary",
    "Fix",
    "FixAvailability",
    "Flag",
    "Length",
    "Line",
    "LineError",
    "LineRule",
    "Location",
    "Number",
    "Record",
    "RecordRule",
    "RegexPattern",
    "ReplaceRecord",
    "Rule",
    "RuleOptions",
    "SetValue",
    "Severity",
    "Share",
    "Target",
    "Text",
    "Violation",
    "pointer",
]
