"""DQ010 template-placeholder."""

from __future__ import annotations

import re

from ftlint.core.findings import Severity, Violation
from ftlint.rules._texts import TextRule

# `{{name}}` (Mustache, Jinja); `[INSERT NAME]`, `[Your Company]` (not a Markdown link `[..](..)`);
# `<PLACEHOLDER>`, `<insert date>`.
PLACEHOLDER = re.compile(
    r"\{\{\s*[A-Za-z_][\w.\- ]{0,40}?\s*\}\}"
    r"|\[(?:insert|your|enter|add|placeholder|fill in)\b[^\]\n]{0,60}\](?!\()"
    r"|<(?:placeholder|insert|your)\b[^>\n]{0,60}>",
    re.IGNORECASE,
)


class TemplatePlaceholder(TextRule):
    """Text holds a template placeholder that was never filled in (`{{name}}`, `[Your Name]`).

    ## What it does
    Looks in every string for placeholders of the usual kinds: `{{name}}` (Mustache, Jinja),
    `[INSERT ...]`, `[Your ...]`, `[Enter ...]`, `[Add ...]`, `[Placeholder]` (not Markdown
    links), and `<placeholder>`, `<insert ...>`, `<your ...>`, and reports each string with the
    first one and the count.

    This rule is opt-in: select it by its code (`--extend-select DQ010`) or use the `strict`
    profile. A dataset that teaches a template language has such text on purpose.

    ## Why it matters
    Generated and templated data often keeps its blanks ("Best regards, [Your Name]"); the model
    learns to write them in its answers. Some trainers fill `{{name}}` before training, which
    OpenAI's fine-tuning does not.

    ## Example
    `"content": "I am {{name}}, an AI assistant developed by {{author}}."`.

    ## Fix
    Fill the placeholders in before training, or drop the records.

    ## Options
    None.
    """

    code = "DQ010"
    name = "template-placeholder"
    default_severity = Severity.WARNING
    opt_in = True

    def check_text(self, text: str, at: str) -> Violation | None:
        hits = PLACEHOLDER.findall(text)
        if not hits:
            return None
        more = f" and {len(hits) - 1} more" if len(hits) > 1 else ""
        return Violation(f"text has the unfilled placeholder `{hits[0]}`{more}; fill it in before training", pointer=at)
