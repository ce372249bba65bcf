"""The rule interface the engine runs: four scopes, options, and what a rule knows of its target.

A rule only looks and yields `Violation`s. The engine decides which rules run, stamps code,
severity and url, and applies the user's policy; see `ftlint.core.engine`.
"""

from __future__ import annotations

import enum
import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ftlint.core.findings import Severity, Violation
from ftlint.core.lazy_model import LazyModel
from ftlint.core.models import ModelSpec
from ftlint.core.records import FileFacts, Line, Record

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable

DOCS_URL = "https://ftlint.dev/rules/{code}"
BUILTIN_PACKAGE = "ftlint.rules."  # where ftlint's own rules live; any other module's rule is a plugin's


def kebab(name: str) -> str:
    return name.replace("_", "-")


class RuleOptions(LazyModel):
    """Base of every rule's options; unknown keys are rejected by name.

    Declared like a pydantic model, but a plain class: a rule nobody configured never pays for a
    pydantic model (see `ftlint.core.lazy_model`).
    """

    model_settings = {"extra": "forbid", "alias_generator": kebab, "populate_by_name": True, "frozen": True}


class FixAvailability(enum.Enum):
    NEVER = "never"
    SOMETIMES = "sometimes"
    ALWAYS = "always"


@dataclass(frozen=True)
class EvalFile:
    """A user's evaluation file (`--eval`), whose items training records must not contain (DQ015)."""

    path: str  # where to read it
    display: str  # how findings name it
    digest: str  # of its bytes: part of the cache key, so that an edited file is read again


@dataclass(frozen=True)
class Target:
    """What the dataset is being prepared for: the profile, its provider and the model (limits, tokenizer)."""

    profile: str
    model: ModelSpec  # the named model, or the profile's stand-in (empty name) with the profile's limits
    formats: frozenset[str]  # record formats the target can train on
    label_field: str | None = None  # a JSON pointer to each record's class label, when the user names one
    show_pii: bool = False  # whether findings may quote personal data as found (`--show-pii`), not masked
    provider: str | None = None  # whose rules the profile applies ("Together"); None: provider-neutral
    # Each record format and the target profiles that train on it, for advice about a format the
    # target does not take (read from the profiles by the config layer).
    trained_by: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    eval_files: tuple[EvalFile, ...] = ()  # the user's evaluation sets (`--eval`, `eval-files`)

    @property
    def model_named(self) -> bool:
        return bool(self.model.name)

    @property
    def neutral(self) -> bool:
        return self.provider is None

    @property
    def trainer(self) -> str:
        """Who the verdict is for, as messages name it: the model, else the provider."""
        return self.model.name or self.provider or "the target"


@dataclass(frozen=True)
class Feature:
    """A small per-record column computed in the workers for dataset rules.

    `dtype` is a polars type name (`UInt64`, `Int64`, `Utf8`, `Boolean`, `Float64`, or `List[Int64]`
    for a few numbers per record); `compute` must be a module-level function so it can travel to
    worker processes. `formats`, when set, names the only formats `compute` gives a value other
    than None for: the engine then writes None for the records of other formats without calling it
    (it would run for every record of the dataset).
    """

    name: str
    dtype: str
    compute: Callable[[Record], Any]
    formats: frozenset[str] | None = None


class Rule:
    """Base of all rules. Subclasses set the class attributes below and implement one `check_*`."""

    code: ClassVar[str]
    name: ClassVar[str]
    default_severity: ClassVar[Severity]
    formats: ClassVar[frozenset[str] | None] = None  # None: every format
    fix_availability: ClassVar[FixAvailability] = FixAvailability.NEVER
    Options: ClassVar[type[RuleOptions]] = RuleOptions
    scope: ClassVar[str]
    # An opt-in rule runs only when selected by its own code or name, never by `ALL` or a prefix:
    # for checks that cost more than the rest of a check together (a scan of every character), and
    # for one provider's own rules, which that provider's profile selects.
    opt_in: ClassVar[bool] = False

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        self.options = options if options is not None else self.Options.model_construct()
        self.target = target

    @classmethod
    def summary(cls) -> str:
        return (inspect.getdoc(cls) or "").splitlines()[0] if cls.__doc__ else ""

    @classmethod
    def documentation(cls) -> str:
        return inspect.getdoc(cls) or ""

    @classmethod
    def url(cls) -> str:
        """The rule's documentation page: ftlint's for its own rules; "" for a plugin's, which may override
        this with its own (ftlint's site documents none of them)."""
        return DOCS_URL.format(code=cls.code) if cls.__module__.startswith(BUILTIN_PACKAGE) else ""

    @classmethod
    def unavailable(cls) -> str | None:
        """Why the rule cannot run here (an optional extra is not installed), or None. A selected rule
        that cannot run is left out, and the report says so once."""
        return None

    @classmethod
    def active(cls, target: Target) -> bool:
        """Whether the rule means anything for this target; inactive rules are left out of the pack."""
        return True

    def applies_to(self, record_format: str | None) -> bool:
        return self.formats is None or record_format in self.formats


class FileRule(Rule):
    """Looks at what was learnt about a whole file before its records are read."""

    scope = "file"

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        raise NotImplementedError


class LineRule(Rule):
    """Looks at physical lines: their bytes, and the parse result (value or error).

    Most line rules only care about lines that are blank, fail to parse or are not objects, so
    by default the engine skips the (very many) lines that parse to an object; a rule that needs
    every line sets `every_line = True`.
    """

    scope = "line"
    every_line: ClassVar[bool] = False

    def check_line(self, line: Line) -> Iterable[Violation]:
        raise NotImplementedError


class RecordRule(Rule):
    """Looks at one record that parsed to a JSON object, in one of its `formats`.

    `when` says which records the rule is given: `valid` ones (their typed view validated: most
    semantic rules), `issues` ones (with schema issues, to report them), or `always`.

    `pure_on_shape = True`, declared in the rule's own class body (never inherited: see
    `shape_pure`), says that for a record with a `shape` the violations depend on nothing but that
    shape and the rule's options. The engine then runs the rule once per shape, on a stand-in record
    built from the shape alone (`ftlint.core.formats.plain.stand_in`), and reuses the result: such a
    rule is never handed a real record of that shape, so it cannot report one record's text for
    another. A rule that reads text leaves it False and sees every record.
    """

    scope = "record"
    when: ClassVar[str] = "always"
    pure_on_shape: ClassVar[bool] = False
    # A cheap test that the record may hold anything for this rule, shared by the rules of one
    # family: the engine asks it once per record for all of them and skips them when it says no.
    # A module-level function, so that the rules sharing it can be grouped (and pickled).
    gate: ClassVar[Callable[[Record], bool] | None] = None

    def check_record(self, record: Record) -> Iterable[Violation]:
        raise NotImplementedError


def shape_pure(rule: RecordRule) -> bool:
    """Whether the engine may run `rule` once per shape: only when the rule's own class declares it, so
    that a rule derived from a pure one (a plugin adding a test of the text) does not inherit a promise
    it does not keep."""
    return bool(type(rule).__dict__.get("pure_on_shape", False))


@dataclass(frozen=True)
class FileSummary:
    """Per-file totals a dataset rule may need beside the feature table."""

    path: str
    records: int
    format: str | None


class DatasetRule(Rule):
    """Looks at the whole dataset through a table of small per-record feature columns.

    `table.frame` is a polars DataFrame with `file` (UInt32, an index into `table.paths`), `line`
    (Int64), `format` (Categorical), `bytes` (the line's length) and `crlf` (its line end), plus the
    `features` this rule declares; `table.column(name)`
    gives the values as a Python list while the table is small, to rule out findings without
    importing polars.
    Violations must carry `path` and `line`.
    """

    scope = "dataset"
    features: ClassVar[tuple[Feature, ...]] = ()

    def needed_for(self, paths: list[str]) -> bool:
        """False when the input paths alone show the rule has nothing to do (then its feature columns
        are not computed at all): e.g. a train/valid rule given no validation file."""
        return True

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        raise NotImplementedError
