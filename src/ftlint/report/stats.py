"""The numbers `ftlint stats` reports, computed from the feature table of one check run.

Epochs follow OpenAI's documented default (the fine-tuning data preparation cookbook): 3 epochs,
raised so that epochs x examples reaches 100, lowered so that it stays under 25,000, within 1-25.
Billing tokens are each example's tokens capped at the model's limit (longer ones are truncated).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from ftlint.core.engine.driver import CheckResult
from ftlint.core.models import ModelSpec, known_models
from ftlint.core.tokens.hf import is_hf
from ftlint.report.columns import Columns, Distribution, count_columns
from ftlint.report.features import ROLES

TARGET_EPOCHS, MIN_TARGET_EXAMPLES, MAX_TARGET_EXAMPLES, MIN_EPOCHS, MAX_EPOCHS = 3, 100, 25_000, 1, 25


@dataclass(frozen=True)
class Cost:
    model: str
    price_per_1m: float
    dollars: float


@dataclass(frozen=True)
class Turns:
    """One role's turns (messages) over the whole dataset."""

    turns: int
    tokens: int
    mean_tokens: float  # per turn
    longest: int  # tokens of its longest turn
    per_example: Distribution  # turns of this role in each example


@dataclass
class Stats:
    files: list[str]
    model: str
    max_tokens: int
    records: int
    messages: Distribution
    tokens: Distribution
    assistant_tokens: Distribution
    tokens_by_role: dict[str, int]
    turns_by_role: dict[str, Turns]  # the roles that have turns
    over_limit: int
    truncated_tokens: int
    billing_tokens: int
    epochs: int
    trained_tokens: int
    costs: list[Cost]
    classes: dict[str, dict[str, int]]  # file -> class -> count, for classification data
    findings_by_code: list[tuple[str, str, int]]  # code, name, count (most first)
    histogram: list[tuple[int, int, int]] = field(default_factory=list)  # (low, high, count) of token lengths

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def default_epochs(examples: int) -> int:
    epochs = TARGET_EPOCHS
    if examples and examples * TARGET_EPOCHS < MIN_TARGET_EXAMPLES:
        epochs = min(MAX_EPOCHS, MIN_TARGET_EXAMPLES // examples)
    elif examples * TARGET_EPOCHS > MAX_TARGET_EXAMPLES:
        epochs = max(MIN_EPOCHS, MAX_TARGET_EXAMPLES // examples)
    return epochs


def compute_stats(result: CheckResult, model: ModelSpec, classes: dict[str, dict[str, int]],
                  epochs: int | None = None, checked_for: str | None = None) -> Stats:
    """The report's figures; `checked_for` names the target when no model is named (a provider, or
    the neutral profile's limits)."""
    table = result.table
    assert table is not None, "stats need the token columns (run the check with token_features)"
    columns = count_columns(table)
    limit = model.max_tokens
    over, truncated = columns.over("tokens", limit)
    billing = columns.total("tokens") - truncated  # each example's tokens capped at the limit
    chosen = epochs or default_epochs(len(columns))
    trained = billing * chosen
    # Counts made with a model's own tokenizer are that model's: another model's price per token does not
    # apply to them (its tokenizer would count differently).
    priced = [model] if is_hf(model.encoding) else known_models().values()
    costs = [Cost(spec.name, spec.price_per_1m, trained * spec.price_per_1m / 1e6)
             for spec in priced if spec.price_per_1m is not None and _shares_a_format(spec, model)]
    counts = Counter((f.code, f.name) for f in result.findings)
    return Stats(
        files=[f.path for f in result.files], model=model.name or checked_for or "any trainer", max_tokens=limit,
        records=len(columns),
        messages=columns.distribution("messages"), tokens=columns.distribution("tokens"),
        assistant_tokens=columns.distribution("assistant"),
        tokens_by_role={role: columns.total(role) for role in ROLES},
        turns_by_role={role: _turns(columns, role) for role in ROLES if columns.total(f"turns_{role}")},
        over_limit=over, truncated_tokens=truncated, billing_tokens=billing,
        epochs=chosen, trained_tokens=trained, costs=sorted(costs, key=lambda c: c.dollars), classes=classes,
        findings_by_code=[(code, name, n) for (code, name), n in counts.most_common()],
        histogram=columns.histogram("tokens"),
    )


def _turns(columns: Columns, role: str) -> Turns:
    turns, tokens = columns.total(f"turns_{role}"), columns.total(role)
    return Turns(turns, tokens, tokens / turns if turns else 0.0, columns.largest(f"longest_{role}"),
                 columns.distribution(f"turns_{role}"))


def _shares_a_format(priced: ModelSpec, target: ModelSpec) -> bool:
    if priced.formats is None or target.formats is None:
        return True
    return bool(set(priced.formats) & set(target.formats))

