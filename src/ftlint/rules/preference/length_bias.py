"""PF007 length-bias."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Count, Field, Number, Share
from ftlint.core.rule import DatasetRule, FileSummary, RuleOptions
from ftlint.rules.preference._figures import LENGTHS, length_figures
from ftlint.rules.preference._pairs import PAIR_FORMATS

if TYPE_CHECKING:
    from ftlint.core.engine.features import FeatureTable


class LengthBiasOptions(RuleOptions):
    min_pairs: Count = 50
    """Fewest pairs a file must have before its lengths are judged (fewer prove nothing)."""
    min_share: Share = 0.75
    """Share of pairs with a longer chosen answer from which a file is reported (with `min-ratio`)."""
    min_ratio: Number = Field(1.5, gt=1)
    """Median length ratio, chosen over rejected, from which a file is reported (with `min-share`)."""


class LengthBias(DatasetRule):
    """The chosen answer is systematically longer than the rejected one (length bias).

    ## What it does
    Over the preference pairs of a file (OpenAI DPO, TRL, LLaMA-Factory), counts the pairs whose
    chosen answer has more characters than the rejected one, and takes the median ratio of the two
    lengths (characters, surrounding spaces stripped: cheap and the same in every language, where
    words are not). Reports a file of at least `min-pairs` (50) pairs where the chosen answer is
    longer in at least `min-share` (75 %) of them and the median ratio is at least `min-ratio`
    (1.5), once, at the first pair, with the figures (`ftlint stats` shows them for every file).

    ## Why it matters
    DPO and reward models pick up the cheapest feature that separates chosen from rejected: when
    that is length, the model learns verbosity instead of quality (Singhal et al. 2024, "A Long
    Way to Go: Investigating Length Correlations in RLHF", arXiv:2310.03716; Park et al. 2024,
    "Disentangling Length from Quality in Direct Preference Optimization", arXiv:2403.19159, which
    adds a length margin to DPO, R-DPO, to counter it). Human and LLM labels already favour
    longer answers somewhat, so a mild tilt is normal: the defaults report a tilt far beyond
    chance (with 50 unbiased pairs, 75 % longer happens about once in 6,500 sets) and a typical
    chosen answer half as long again. Peers: modelbrew-cleaner warns when over half the pairs
    have a chosen answer 2.5x longer (characters); trainsight-preflight when the mean lengths
    differ by 1.8x.

    ## Example
    `chosen is longer in 87% of 1,200 pairs; median 1.9x the rejected length`.

    ## Fix
    Add pairs where the shorter answer wins, drop the pairs that differ mostly by length, or
    train with a length-aware loss (R-DPO, SimPO, TRL's `ld_alpha`).

    ## Options
    `min-pairs` (50), `min-share` (0.75) and `min-ratio` (1.5).
    """

    code = "PF007"
    name = "length-bias"
    default_severity = Severity.WARNING
    formats = PAIR_FORMATS
    Options = LengthBiasOptions
    features = (LENGTHS,)

    def check_dataset(self, table: FeatureTable, files: list[FileSummary]) -> Iterable[Violation]:
        options = self.options
        found = []
        for figures in length_figures(table):
            ratio = figures.median_ratio
            if (figures.pairs < options.min_pairs or figures.share < options.min_share  # type: ignore[attr-defined]
                    or ratio is None or ratio < options.min_ratio):  # type: ignore[attr-defined]
                continue
            found.append(Violation(
                f"chosen is longer in {figures.share:.0%} of {figures.pairs:,} pairs; median {ratio:.1f}x the rejected "
                "length (characters): the model learns that longer wins; add pairs where the shorter answer is "
                "chosen, or train with a length-aware loss", path=table.paths[figures.file], line=figures.first_line))
        return found
