"""The numbers `ftlint stats` reports, computed from the feature table of one check run.

Every figure the text, JSON and HTML reports show is here: the HTML page is rendered from
`Stats.as_dict()`, the very data `--output-format json` prints, so CI can chart any of it.

Epochs follow OpenAI's documented default (the fine-tuning data preparation cookbook): 3 epochs,
raised so that epochs x examples reaches 100, lowered so that it stays under 25,000, within 1-25.
Billing tokens are each example's tokens capped at the model's limit (longer ones are truncated),
over the training files only: validation files are not billed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any

from ftlint.core.engine.driver import CheckResult
from ftlint.core.findings import Finding
from ftlint.core.images import ASSUMED_SIZE
from ftlint.core.models import ModelSpec, known_models
from ftlint.core.tokens.hf import is_hf
from ftlint.report.columns import Columns, Distribution, count_columns
from ftlint.report.features import PARTS, ROLES
from ftlint.report.findings import RuleFindings, severity_counts

TARGET_EPOCHS, MIN_TARGET_EXAMPLES, MAX_TARGET_EXAMPLES, MIN_EPOCHS, MAX_EPOCHS = 3, 100, 25_000, 1, 25
WHAT_IF_EPOCHS = (1, 2, 3, 4, 5, 8, 10)


@dataclass(frozen=True)
class Cost:
    model: str
    price_per_1m: float
    dollars: float
    target: bool = False  # the model the data is checked for


@dataclass(frozen=True)
class EpochsCost:
    """What training for `epochs` would take: tokens, and dollars for the target when it has a price."""

    epochs: int
    trained_tokens: int
    dollars: float | None


@dataclass(frozen=True)
class Turns:
    """One role's turns (messages)."""

    turns: int
    tokens: int  # each turn whole: its text, tool calls, images and per-message overhead
    mean_tokens: float  # per turn
    longest: int  # tokens of its longest turn
    per_example: Distribution  # turns of this role in each example


@dataclass(frozen=True)
class Images:
    count: int
    unsized: int  # images whose size cannot be read without fetching them (URLs, files)
    tokens: int


@dataclass(frozen=True)
class Counting:
    """How the tokens were counted, said in the report."""

    tokenizer: str  # which tokenizer counted ("o200k_base (tiktoken ranks shipped with ftlint)")
    images: str  # the image rule and its source; "" when the target takes no images
    takes_images: bool
    template: bool = False  # totals from a model's own chat template (what it adds is the `overhead` part)


@dataclass(frozen=True)
class Preference:
    """A file's preference pairs: how the chosen answers compare with the rejected ones (PF007-PF009)."""

    pairs: int
    chosen_longer: int  # pairs whose chosen answer has more characters than the rejected one
    chosen_longer_share: float
    median_length_ratio: float | None  # median of chosen / rejected length in characters; None: no rejected text
    refusal_chosen: int  # pairs whose chosen answer is a refusal while the rejected one complies
    reversed: int  # pairs that repeat an earlier pair of the file with chosen and rejected swapped
    length_unit: str = "characters"


@dataclass
class Summary:
    """The figures of a group of examples: one file, or all the training files."""

    records: int
    messages: Distribution
    tokens: Distribution
    assistant_tokens: Distribution
    tokens_by_part: dict[str, int]  # adds up to total_tokens
    turns_by_role: dict[str, Turns]  # the roles that have turns
    total_tokens: int
    over_limit: int
    truncated_tokens: int
    billing_tokens: int  # total_tokens less what truncation cuts off
    images: Images
    histogram: list[tuple[int, int, int]]  # (low, high, count) of tokens per example


@dataclass
class FileStats(Summary):
    path: str
    role: str  # "training" or "validation"
    format: str | None
    uncounted: int  # records without a typed view (not in a format read, or invalid): no example's size
    classes: dict[str, int]  # class -> examples, for classification data
    findings: dict[str, int]  # error / warning / info -> count
    verdict: str  # "errors", "warnings" or "clean"
    preference: Preference | None = None  # for a file of preference pairs


@dataclass
class Stats(Summary):
    """The training files' figures, with every file's own, the target, cost and findings."""

    model: str  # who the figures are for: the model, or the provider, or "any trainer"
    max_tokens: int
    counting: Counting
    files: list[FileStats]
    validation: Summary | None  # the validation files together, when there are any
    epochs: int
    trained_tokens: int
    costs: list[Cost]
    epochs_what_if: list[EpochsCost]
    findings: list[RuleFindings]
    finding_counts: dict[str, int]  # error / warning / info -> count
    notes: list[str] = field(default_factory=list)  # what the figures assume, said out loud

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def target_cost(self) -> Cost | None:
        return next((cost for cost in self.costs if cost.target), None)


def default_epochs(examples: int) -> int:
    epochs = TARGET_EPOCHS
    if examples and examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_EPOCHS, MIN_TARGET_EXAMPLES // examples)
    elif examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_EPOCHS, MAX_TARGET_EXAMPLES // examples)
    return epochs


def summarise(columns: Columns, limit: int) -> Summary:
    over, truncated = columns.over("tokens", limit)
    total = columns.total("tokens")
    return Summary(
        records=len(columns), messages=columns.distribution("messages"), tokens=columns.distribution("tokens"),
        assistant_tokens=columns.distribution("turn_tokens_assistant"),
        tokens_by_part={part: columns.total(part) for part in PARTS},
        turns_by_role={role: _turns(columns, role) for role in ROLES if columns.total(f"turns_{role}")},
        total_tokens=total, over_limit=over, truncated_tokens=truncated, billing_tokens=total - truncated,
        images=Images(columns.total("image_count"), columns.total("images_unsized"), columns.total("images")),
        histogram=columns.histogram("tokens"),
    )


def compute_stats(result: CheckResult, model: ModelSpec, counting: Counting, *,
                  classes: dict[str, dict[str, int]] | None = None, epochs: int | None = None,
                  checked_for: str | None = None, validation: Collection[int] = (),
                  findings: list[RuleFindings] | None = None, preference: dict[str, Preference] | None = None) -> Stats:
    """The report's figures. `validation` holds the indexes (in `result.table.paths`) of the validation
    files; `checked_for` names the target when no model is named (a provider, or "any trainer")."""
    table = result.table
    assert table is not None, "stats need the token columns (run the check with token_features)"
    limit = model.max_tokens
    paths = table.paths
    training = [index for index in range(len(paths)) if index not in validation] or list(range(len(paths)))
    summary = summarise(count_columns(table, training if len(training) < len(paths) else None), limit)
    chosen = epochs or default_epochs(summary.records)
    trained = summary.billing_tokens * chosen
    costs = _costs(model, trained)
    target = next((cost for cost in costs if cost.target), None)
    formats = {f.path: f.format for f in result.files}
    read = {f.path: f.records for f in result.files}
    classes = classes or {}
    files = []
    for index, path in enumerate(paths):
        own = summarise(count_columns(table, [index]), limit)
        files.append(FileStats(**vars(own), path=path, format=formats.get(path),
                               role="validation" if index in validation and index not in training else "training",
                               uncounted=max(read.get(path, 0) - own.records, 0), classes=classes.get(path, {}),
                               preference=(preference or {}).get(path),
                               **_verdict([f for f in result.findings if f.path == path])))
    valid = [index for index in validation if index not in training]
    return Stats(
        **vars(summary), model=model.name or checked_for or "any trainer", max_tokens=limit, counting=counting,
        files=files, validation=summarise(count_columns(table, valid), limit) if valid else None,
        epochs=chosen, trained_tokens=trained, costs=costs,
        epochs_what_if=[EpochsCost(n, summary.billing_tokens * n,
                                   summary.billing_tokens * n * target.price_per_1m / 1e6 if target else None)
                        for n in sorted({*WHAT_IF_EPOCHS, chosen})],
        findings=findings or [], finding_counts=severity_counts(result.findings),
        notes=_notes(summary, counting, bool(valid), model) + _uncounted(files),
    )


def _verdict(findings: list[Finding]) -> dict[str, Any]:
    counts = severity_counts(findings)
    verdict = "errors" if counts["error"] else "warnings" if counts["warning"] else "clean"
    return {"findings": counts, "verdict": verdict}


def _costs(model: ModelSpec, trained: int) -> list[Cost]:
    # Counts made with a model's own tokenizer are that model's: another model's price per token does not
    # apply to them (its tokenizer would count differently).
    priced = [model] if is_hf(model.encoding) else known_models().values()
    costs = [Cost(spec.name, spec.price_per_1m, trained * spec.price_per_1m / 1e6, spec.name == model.name)
             for spec in priced if spec.price_per_1m is not None and _shares_a_format(spec, model)]
    return sorted(costs, key=lambda c: c.dollars)


def _notes(summary: Summary, counting: Counting, has_validation: bool, model: ModelSpec) -> list[str]:
    notes = []
    images = summary.images
    if images.count and not counting.takes_images:
        notes.append(f"{images.count:,} images not counted: {model.name} does not train on images (IM009)")
    elif images.count:
        notes.append(f"images counted by {counting.images}")
        if images.unsized:
            width, height = ASSUMED_SIZE
            notes.append(f"assumed {width}x{height} for {images.unsized:,} images: sizes unknown "
                         "(URLs and files are never fetched)")
    if has_validation:
        notes.append("validation files are not billed: tokens, epochs and cost count the training files")
    return notes


def _uncounted(files: list[FileStats]) -> list[str]:
    return [f"{f.uncounted:,} records of {f.path} are not counted: they are not in a format ftlint reads, or not "
            "valid for it (the findings say why)" for f in files if f.uncounted]


def _turns(columns: Columns, role: str) -> Turns:
    turns, tokens = columns.total(f"turns_{role}"), columns.total(f"turn_tokens_{role}")
    return Turns(turns, tokens, tokens / turns if turns else 0.0, columns.largest(f"longest_{role}"),
                 columns.distribution(f"turns_{role}"))


def _shares_a_format(priced: ModelSpec, target: ModelSpec) -> bool:
    if priced.formats is None or target.formats is None:
        return True
    return bool(set(priced.formats) & set(target.formats))
