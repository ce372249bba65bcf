"""TK003 special-token-in-text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
from ftlint.core.tokens.hf import hf_path, is_hf, load_tokenizer, special_strings
from ftlint.rules._texts import TextRule

# The control tokens of OpenAI's encodings and chat format: the API refuses text that spells them.
SPECIAL = ("<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
           "<|im_start|>", "<|im_end|>", "<|im_sep|>")
_PATTERN = re.compile("|".join(re.escape(token) for token in SPECIAL))


class SpecialTokenInText(TextRule):
    """Text contains a special token such as `<|endoftext|>` or `<|im_start|>`.

    ## What it does
    Looks through every string of the record (contents, names, tool arguments, completions,
    preference outputs) for the control tokens of OpenAI's encodings and chat format:
    `<|endoftext|>`, `<|endofprompt|>`, `<|fim_prefix|>`, `<|fim_middle|>`, `<|fim_suffix|>`,
    `<|im_start|>`, `<|im_end|>`, `<|im_sep|>`. (A token whose `|` is written as the escape
    `\\u007c` in the file is not looked for.) With `--model PATH_OR_NAME` (a model's own Hugging
    Face tokenizer), it also looks for that tokenizer's special and added special tokens, the
    role markers of its chat template (`<s>`, `[INST]`, `<|eot_id|>`, ...).

    ## Why it matters
    The provider rejects the whole file ("Example 6174 message contains an invalid token:
    <|fim_suffix|>"); these strings usually come from scraped model output or a chat template
    applied twice. A local trainer applies the chat template and tokenizes the result: the
    string becomes the real control token, and a role marker in a user message starts a turn
    the data never had.

    ## Example
    `{"role": "assistant", "content": "Done.<|im_end|>"}`.

    ## Fix
    Remove the token, or write it so that it is not one (e.g. `<| endoftext |>`) where the text
    is about tokenizers.

    ## Options
    None.
    """

    code = "TK003"
    name = "special-token-in-text"
    default_severity = Severity.ERROR

    @cached_property
    def _model_pattern(self) -> re.Pattern[str] | None:
        """The loaded tokenizer's own special tokens, with OpenAI's (longest first, so that a token
        is not reported as a shorter one inside it); None without a model's tokenizer."""
        encoding = self.target.model.encoding
        if not is_hf(encoding):
            return None
        tokens = sorted({*SPECIAL, *special_strings(load_tokenizer(hf_path(encoding)))}, key=len, reverse=True)
        return re.compile("|".join(re.escape(token) for token in tokens))

    def check_record(self, record: Record) -> Iterable[Violation]:
        # Every special token has a `|`, which no JSON encoder escapes (some escape `<`): one memchr
        # settles nearly every record. A `|` written as `\u007c` is the one spelling not looked for.
        # A model's own tokens (`<s>`, `[INST]`) may have none: with a model, every record is read.
        raw = record.line.raw
        if raw and b"|" not in raw and self._model_pattern is None:
            return ()
        return super().check_record(record)

    def check_text(self, text: str, at: str) -> Violation | None:
        pattern = self._model_pattern or _PATTERN
        tokens = sorted(set(pattern.findall(text)))
        if not tokens:
            return None
        names = ", ".join(f"`{token}`" for token in tokens)
        why = ("which the model's tokenizer reads as a control token, not as text" if self._model_pattern
               else "which the provider rejects")
        return Violation(f"text contains the special token{'s' if len(tokens) > 1 else ''} {names}, {why}",
                         pointer=at)
