"""TK001 example-too-long."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property

from ftlint.core.findings import Severity, Violation
from ftlint.core.images import ImageCost
from ftlint.core.models import image_cost_for_counting
from ftlint.core.option_types import Count
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions
from ftlint.core.tokens.counting import count_example, count_record, utf8_length
from ftlint.core.tokens.hf import is_hf


class ExampleTooLongOptions(RuleOptions):
    max_tokens: Count | None = None
    """Limit to check against; by default the target model's training-example limit."""


class ExampleTooLong(RecordRule):
    """Example has more tokens than the target model trains on; the end is cut off.

    ## What it does
    Counts the example's tokens with the target model's tokenizer, by the provider's accounting
    (per-message overhead, names, tool calls and definitions), and reports how far it is over
    the model's limit from `rules/models.toml`. A byte bound settles most examples without
    tokenizing them. With `--model PATH` (a model's own Hugging Face tokenizer), the example is
    tokenized with that tokenizer and its chat template, as the trainer sees it.

    ## Why it matters
    OpenAI does not reject long examples: it truncates them from the end, which removes the
    final assistant reply, the very part the model should learn. You pay for the tokens anyway.

    ## Example
    A 70,000-token transcript checked for `gpt-4o-mini-2024-07-18` (65,536 tokens).

    ## Fix
    Shorten the example or split the conversation into several examples.

    ## Options
    `max-tokens`: the limit to use instead of the model's.
    """

    code = "TK001"
    name = "example-too-long"
    default_severity = Severity.WARNING
    formats = frozenset({"chat", "rft", "preference", "preference_trl", "prompt_completion", "kto", "prompt_only",
                         "text"})
    Options = ExampleTooLongOptions
    when = "valid"

    @cached_property
    def _limit(self) -> int:
        options: ExampleTooLongOptions = self.options  # type: ignore[assignment]
        return options.max_tokens or self.target.model.max_tokens

    @cached_property
    def _images(self) -> ImageCost:
        return image_cost_for_counting(self.target.model)

    def check_record(self, record: Record) -> Iterable[Violation]:
        assert record.view is not None
        limit = self._limit
        # The JSON text of a record is never shorter than the byte bound of its tokens (every counted
        # string appears in it, quoted, with more punctuation than the per-message overhead), so a
        # short line settles it at no cost; then the byte bound; only then the tokenizer.
        raw = record.line.raw
        encoding = self.target.model.encoding
        # A model's chat template adds text of its own (role markers, a default system prompt), so
        # neither bound holds for it: its examples are always tokenized.
        if not is_hf(encoding):
            if len(raw) <= limit and (record.plain or b"image_url" not in raw):
                return ()  # images cost tokens by their pixels, not their bytes: a short URL can be 1,105 tokens
            if count_record(record.format, record.view, utf8_length, images=self._images) <= limit:
                return ()
        tokens = count_example(encoding, record.format, record.view, images=self._images)
        if tokens <= limit:
            return ()
        configured = self.options.max_tokens  # type: ignore[attr-defined]
        source = "set in [rules.TK001]" if configured else self._whose()
        consequence = ("longer than the model's context (its tokenizer's model_max_length): a trainer cuts the "
                       "end at its max_length, the final reply first") if is_hf(encoding) and not configured else \
            "the provider truncates the end of the example, cutting off the final reply"
        return (Violation(f"example is {tokens:,} tokens, {tokens - limit:,} over the {limit:,}-token limit {source}; "
                          f"{consequence}"),)

    def _whose(self) -> str:
        target = self.target
        if target.model_named:
            return f"of {target.model.name}"
        if target.provider:
            return f"of {target.provider} (name the model with --model for its own)"
        return ("ftlint assumes when no model is named (counted with o200k_base; name the model with --model "
                "for its own)")

