"""TK003 special-token-in-text."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ftlint.core.findings import Severity, Violation
from ftlint.core.records import Record
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
    `\\u007c` in the file is not looked for.)

    ## Why it matters
    The provider rejects the whole file ("Example 6174 message contains an invalid token:
    <|fim_suffix|>"); these strings usually come from scraped model output or a chat template
    applied twice.

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

    def check_record(self, record: Record) -> Iterable[Violation]:
        # Every special token has a `|`, which no JSON encoder escapes (some escape `<`): one memchr
        # settles nearly every record. A `|` written as `\u007c` is the one spelling not looked for.
        raw = record.line.raw
        if raw and b"|" not in raw:
            return ()
        return super().check_record(record)

    def check_text(self, text: str, at: str) -> Violation | None:
        tokens = sorted(set(_PATTERN.findall(text)))
        if not tokens:
            return None
        names = ", ".join(f"`{token}`" for token in tokens)
        return Violation(f"text contains the special token{'s' if len(tokens) > 1 else ''} {names}, "
                         "which the provider rejects", pointer=at)
