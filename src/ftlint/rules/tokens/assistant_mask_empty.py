"""TK005 assistant-mask-empty."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, Target
from ftlint.core.tokens.hf import TemplateError, assistant_mask, has_generation_block, hf_path, is_hf, load_tokenizer


class AssistantMaskEmpty(RecordRule):
    """Example has no token in the chat template's assistant mask: assistant-only loss has nothing to learn.

    ## What it does
    Runs only with `--model PATH_OR_NAME` (a model's own Hugging Face tokenizer) whose chat
    template marks the assistant text with `{% generation %}`. Applies the template to each chat
    example with `return_assistant_tokens_mask=True` and reports one whose mask is all zeros
    (no assistant message, or assistant messages the template renders without text).
    A template with no `{% generation %}` block at all is TK006's finding, once per file.

    ## Why it matters
    With `assistant_only_loss=True`, TRL trains on the masked tokens only; it raises on an example
    with none ("no assistant tokens"), and other trainers silently train on nothing.

    ## Example
    `{"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": ""}]}`.

    ## Fix
    Give the example an assistant reply, or drop it.

    ## Options
    None.
    """

    code = "TK005"
    name = "assistant-mask-empty"
    default_severity = Severity.WARNING
    formats = frozenset({"chat"})
    when = "valid"

    @classmethod
    def active(cls, target: Target) -> bool:
        return is_hf(target.model.encoding)

    def check_record(self, record: Record) -> Iterable[Violation]:
        assert record.view is not None
        tokenizer = load_tokenizer(hf_path(self.target.model.encoding))
        if not has_generation_block(tokenizer):
            return ()  # every mask is empty: TK006 says so once per file
        try:
            _, mask = assistant_mask(tokenizer, record.view["messages"], record.view.get("tools"))
        except TemplateError:
            return ()  # a template that fails on the record: TK004 says so where it renders it
        if any(mask):
            return ()
        return (Violation("no token of the example is in the chat template's assistant mask; with "
                          "assistant_only_loss=True the trainer has nothing to learn from it (TRL raises)"),)
