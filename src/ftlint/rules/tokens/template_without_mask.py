"""TK006 template-cannot-mask."""

from __future__ import annotations

from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import FileFacts
from ftlint.core.rule import FileRule, Target
from ftlint.core.tokens.hf import TemplateError, assistant_mask, has_generation_block, hf_path, is_hf, load_tokenizer
from ftlint.core.tokens.trl_templates import trl_training_template

# A conversation to probe the template with: its reply is the only assistant text.
_PROBE = [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]


class TemplateCannotMask(FileRule):
    """The model's chat template gives no assistant mask, or leaves the end-of-turn token out of it.

    ## What it does
    Runs only with `--model PATH_OR_NAME` (a model's own Hugging Face tokenizer), once per chat
    file. Reports a chat template without a `{% generation %}` block, unless TRL (when installed)
    has a training version of it: its assistant mask (`return_assistant_tokens_mask=True`) is all
    zeros. When the template has one, applies it to a
    short conversation and reports (as info) an end-of-turn token right after the reply that is
    outside the mask.

    ## Why it matters
    Assistant-only loss (`assistant_only_loss=True` in TRL) needs the mask: with a stock template
    every example trains on nothing (trl#4201, transformers#34172; TRL 1.16 swaps in training
    templates only for the families it knows). A reply trained without its end-of-turn token does
    not teach the model to stop.

    ## Example
    A ChatML template `{{ '<|im_start|>' + m.role + '\n' + m.content + '<|im_end|>' }}` with no
    `{% generation %}`.

    ## Fix
    Use a training template that wraps the assistant content, and its end-of-turn token, in
    `{% generation %}...{% endgeneration %}`; or train on whole sequences.

    ## Options
    None.
    """

    code = "TK006"
    name = "template-cannot-mask"
    default_severity = Severity.WARNING
    formats = frozenset({"chat"})

    @classmethod
    def active(cls, target: Target) -> bool:
        return is_hf(target.model.encoding)

    def check_file(self, facts: FileFacts) -> Iterable[Violation]:
        if facts.format != "chat":
            return ()
        tokenizer = load_tokenizer(hf_path(self.target.model.encoding))
        model = self.target.model.name
        if not has_generation_block(tokenizer):
            training = trl_training_template(tokenizer.chat_template)
            if training:
                return ()  # TRL swaps in its training version of this template, which marks the answers
            unknown = " (TRL is not installed here to tell whether it has a training version of it)" \
                if training is None else ""
            return (Violation(f"the chat template of {model} has no {{% generation %}} block{unknown}: its assistant "
                              "mask is all zeros, so assistant_only_loss=True would train on nothing", line=1),)
        try:
            ids, mask = assistant_mask(tokenizer, _PROBE, None)
        except TemplateError:
            return ()  # a template that cannot render a plain exchange: TK004 reports it on the records
        last = max((i for i, bit in enumerate(mask) if bit), default=None)
        special = set(tokenizer.all_special_ids)
        after = last + 1 if last is not None else None
        if after is None or after >= len(ids) or ids[after] not in special:
            return ()  # the turn's end is inside the mask (or the template has none)
        token = tokenizer.convert_ids_to_tokens(ids[after])
        return (Violation(f"the chat template of {model} leaves the end-of-turn token `{token}` outside the "
                          "assistant mask: the model may not learn to stop", line=1, severity=Severity.INFO),)
