"""TK004 truncated-at-max-length."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Count
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target
from ftlint.core.tokens.hf import TemplateError, encode_example, hf_path, is_hf, load_tokenizer

# TRL's SFTConfig.max_length default (trl/trainer/sft_config.py, TRL 1.16).
TRL_MAX_LENGTH = 1024


class TruncatedAtMaxLengthOptions(RuleOptions):
    max_length: Count = TRL_MAX_LENGTH
    """The trainer's `max_length` (TRL's SFTConfig default: 1024)."""


class TruncatedAtMaxLength(RecordRule):
    """Example is longer than the trainer's `max_length`; the trainer silently cuts the end.

    ## What it does
    Runs only with `--model PATH_OR_NAME` (a model's own Hugging Face tokenizer). Tokenizes each
    chat, prompt/completion, text or preference example with the model's chat template, as TRL's
    SFTTrainer and DPOTrainer do (a pair by its longer answer), and reports one longer than
    `max-length`: how many tokens are cut, and whether the cut removes the whole answer (every
    assistant or completion token is past `max-length`). Reports as an error an example the chat
    template fails on (a system turn it refuses, roles out of turn): the trainer stops on it.

    ## Why it matters
    TRL's `SFTConfig(max_length=1024)` truncates without a word, keeping the start. The tokens cut
    are never trained on; when they are the whole answer, the example teaches nothing (or, with
    completion-only loss, yields no loss at all).

    ## Example
    A 3,000-token chat under the default `max-length` of 1024: 1,976 tokens cut.

    ## Fix
    Shorten or split the example, or raise `max_length` in the trainer's config (and here).

    ## Options
    `max-length`: the trainer's `max_length` (default 1024, TRL's).
    """

    code = "TK004"
    name = "truncated-at-max-length"
    default_severity = Severity.WARNING
    formats = frozenset({"chat", "rft", "prompt_completion", "kto", "text", "preference", "preference_trl"})
    Options = TruncatedAtMaxLengthOptions
    when = "valid"

    @classmethod
    def active(cls, target: Target) -> bool:
        return is_hf(target.model.encoding)  # the trainer's own count needs the model's tokenizer

    def check_record(self, record: Record) -> Iterable[Violation]:
        assert record.view is not None
        limit = self.options.max_length  # type: ignore[attr-defined]
        # Every token covers at least one byte: a line no longer than the limit cannot exceed it,
        # bar the template's own text, which a short line leaves room for.
        model = hf_path(self.target.model.encoding)
        tokenizer = load_tokenizer(model)
        if len(record.line.raw) * 2 <= limit:
            return _structure_failure(tokenizer, model, record)
        try:
            encoded = encode_example(tokenizer, record.format, record.view)
        except TemplateError as failed:
            return (_template_fails(failed),)
        if encoded is None or len(encoded.ids) <= limit:
            return ()
        total, cut = len(encoded.ids), len(encoded.ids) - limit
        message = f"example is {total:,} tokens with the model's chat template; the trainer's max_length {limit:,} " \
                  f"cuts the last {cut:,}"
        if encoded.answer_start is not None and encoded.answer_start >= limit:
            message += ", the whole answer: the example teaches nothing"
        elif encoded.answer_start is not None:
            start = encoded.answer_start
            message += f"; the answer keeps {limit - start:,} of its {total - start:,} tokens"
        return (Violation(message),)


def _template_fails(failed: TemplateError) -> Violation:
    return Violation(f"the model's chat template fails on this example ({failed}): the trainer stops on it",
                     severity=Severity.ERROR)


# Whether the template fails on a conversation of each shape (roles, tool calls, content types, tools),
# per process. Bounded: past it, shapes are rendered each time.
_SHAPE_FAILS: dict[tuple[object, ...], bool] = {}
_SHAPES_KEPT = 4096


def _structure_failure(tokenizer: object, model: str, record: Record) -> tuple[Violation, ...]:
    """A short example can still break the template (a system turn it refuses, roles out of turn). Each
    distinct shape of conversation is rendered once with its texts replaced by "x"; an example of a shape
    that failed is rendered with its own text before it is reported, so a finding is always the template's
    real verdict on that example (a failure caused by a text alone, in a short example, is not looked for)."""
    if record.format not in ("chat", "rft") or record.view is None:
        return ()
    view = record.view
    messages = view["messages"]
    shape = (model, bool(view.get("tools")),
             *((m.get("role"), bool(m.get("tool_calls")), type(m.get("content")).__name__) for m in messages))
    fails = _SHAPE_FAILS.get(shape)
    if fails is None:
        skeleton = [{**m, "content": "x"} if isinstance(m.get("content"), str) else m for m in messages]
        try:
            encode_example(tokenizer, record.format, {**view, "messages": skeleton})
            fails = False
        except TemplateError:
            fails = True
        if len(_SHAPE_FAILS) < _SHAPES_KEPT:
            _SHAPE_FAILS[shape] = fails
    if not fails:
        return ()
    try:
        encode_example(tokenizer, record.format, view)
    except TemplateError as failed:
        return (_template_fails(failed),)
    return ()
