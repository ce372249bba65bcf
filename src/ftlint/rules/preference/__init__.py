"""PF: preference data (OpenAI DPO; TRL chosen/rejected, prompt explicit or implicit) and RFT records.

`pair_figures` is this family's answer to "how do the chosen answers compare with the rejected ones",
per file, for reports (`ftlint stats`) as for PF007-PF009."""

from ftlint.rules.preference._figures import PairFigures, pair_figures, stats_features

__all__ = ["PairFigures", "pair_figures", "stats_features"]
