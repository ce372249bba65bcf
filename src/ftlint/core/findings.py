"""What a rule reports (Violation) and what the engine makes of it (Finding)."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace

import xxhash

from ftlint.core.edits import Edit


class Severity(enum.IntEnum):
    """How bad a finding is; ordered so that `severity >= fail_on` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity `{text}`; expected one of {choices}") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Applicability(enum.Enum):
    """Whether `ftlint fix` may apply a fix on its own (ruff's model)."""

    SAFE = "safe"
    UNSAFE = "unsafe"
    DISPLAY_ONLY = "display-only"


@dataclass(frozen=True)
class Fix:
    """A repair proposed by a rule: data, applied (or not) by the fixer.

    The edits apply to the finding's line, or, with `every_record`, to every record of its file
    (a dataset rule's fix, such as adding a separator to every prompt).
    """

    title: str
    applicability: Applicability = Applicability.SAFE
    edits: tuple[Edit, ...] = ()
    every_record: bool = False


@dataclass(frozen=True)
class Location:
    """A place in a dataset: a file, a 1-based physical line and a JSON pointer into its record."""

    path: str
    line: int
    pointer: str = ""


@dataclass(frozen=True, slots=True)
class Violation:
    """What a rule yields: where (within its own scope) and what, never its code.

    `line` is set by file and dataset rules; record and line rules leave it 0 and the engine
    fills in the line being checked. `column` is the 1-based character (code point) column on that
    line, set only by a rule that knows it for sure (where a line failed to parse); 0 is unknown.
    `severity` is left unset, and the finding gets the rule's:
    a rule sets it only for a finding less (or more) sure than its others (a card number no card
    word names is a warning of PI003, an error rule). A severity the user configured for the rule
    still applies to all its findings (`RulePack.stamp`).
    """

    message: str
    pointer: str = ""
    line: int = 0
    path: str = ""
    fix: Fix | None = None
    related: tuple[Location, ...] = ()
    severity: Severity | None = None
    column: int = 0


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """A violation stamped by the engine with the rule's identity and the configured severity."""

    path: str
    line: int
    pointer: str
    code: str
    name: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    fix: Fix | None = field(default=None, compare=False)
    url: str = field(default="", compare=False)
    related: tuple[Location, ...] = field(default=(), compare=False)
    # A hash of the record (the line) the finding is about, "" for a finding about a file or a whole
    # dataset: with the code and pointer, what identifies the finding when lines move (`fingerprint`).
    record: str = field(default="", compare=False)
    # The 1-based character (code point, not UTF-16 unit) column on `line`, 0 when unknown. Last, so that
    # findings built positionally keep their meaning; not compared, so the order of findings is unchanged.
    column: int = field(default=0, compare=False)

    @property
    def fixable(self) -> bool:
        """`ftlint fix` applies this finding's fix as it is (a safe fix)."""
        return self.fix is not None and self.fix.applicability is Applicability.SAFE

    @property
    def unsafe_fixable(self) -> bool:
        """The fix is applied only with `--unsafe-fixes`."""
        return self.fix is not None and self.fix.applicability is Applicability.UNSAFE


def fingerprint(finding: Finding) -> str:
    """What identifies a finding across runs, never its line number: its rule, file and pointer with
    the hash of its record, or, for a finding about a file or the dataset, its message with the
    numbers in it taken out ("duplicate of line 12" is the same finding as "duplicate of line 14")."""
    basis = finding.record or _NUMBERS.sub("#", finding.message)
    key = f"{finding.code}\0{finding.path}\0{finding.pointer}\0{basis}"
    return xxhash.xxh64_hexdigest(key.encode("utf-8", "surrogatepass"))


_NUMBERS = re.compile(r"\d[\d,.]*")


def replace_line(finding: Finding, line: int) -> Finding:
    """The same finding at another line (chunk-relative lines become file lines in the driver)."""
    return finding if finding.line == line else replace(finding, line=line)


def escape_pointer_token(token: str | int) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build a JSON pointer such as `/messages/2/role` from its tokens."""
    return "".join("/" + escape_pointer_token(t) for t in tokens)
