"""DQ010 template-placeholder."""

from __future__ import annotations

import re

from ftlint.core.findings import Severity, Violation
from ftlint.core.option_types import Flag
from ftlint.core.rule import RuleOptions, Target
from ftlint.rules._texts import TextRule
from ftlint.rules.quality._odd_text import ANGLE_WORDS, BRACKET_WORDS, may_hold_odd_text, may_hold_odd_text_or_blank

# `{{name}}` (Mustache, Jinja, the identity sets of LLaMA-Factory).
BRACES = re.compile(r"\{\{\s*[A-Za-z_][\w.\- ]{0,40}?\s*\}\}")
# `[INSERT NAME]`, `[Your Company]` (not a Markdown link `[..](..)`); `<PLACEHOLDER>`, `<insert date>`.
# The words match without ASCII case only (`(?a:...)`): Unicode case folding would also read U+017F
# as `s` and U+0131 as `i`, which no template writes, and which the raw-line gate would have to look for.
BRACKETS = re.compile(
    rf"\[(?a:{'|'.join(BRACKET_WORDS)})\b[^\]\n]{{0,60}}\](?!\()"
    rf"|<(?a:{'|'.join(ANGLE_WORDS)})\b[^>\n]{{0,60}}>",
    re.IGNORECASE,
)
# Code, where `{{ user.name }}` is Vue, Angular or Jinja source, not a blank: fenced blocks and inline spans.
_CODE = re.compile(r"```.*?(?:```|\Z)|`[^`\n]+`", re.DOTALL)


class TemplatePlaceholderOptions(RuleOptions):
    brackets: Flag = False
    """Also report `[Your Name]`, `[INSERT ...]` and `<insert ...>` blanks. Off by default: an
    answer that writes a letter, a template or a command for the user to complete leaves them on
    purpose (the `strict` profile turns it on)."""


class TemplatePlaceholder(TextRule):
    """Text holds a template placeholder that was never filled in (`{{name}}`).

    ## What it does
    Looks in every string for Mustache and Jinja placeholders (`{{name}}`, `{{ author }}`) outside
    code (a fenced block or an inline code span, where `{{ user.name }}` is Vue or Jinja source),
    and reports each string with the first one and the count. With `brackets`, the bracketed
    blanks too: `[INSERT ...]`, `[Your ...]`, `[Enter ...]`, `[Add ...]`, `[Placeholder]`,
    `[Fill in ...]` (not Markdown links), and `<placeholder>`, `<insert ...>`, `<your ...>`.

    A dataset that teaches a template language has such text on purpose: ignore the rule for it
    (`--ignore DQ010`, or `per-file-ignores`). A cheap look at the raw line, shared with DQ008
    and DQ009, passes over the records that cannot hold a placeholder.

    ## Why it matters
    Generated and templated data often keeps its blanks; the model learns to write them in its
    answers. Some trainers fill `{{name}}` before training (LLaMA-Factory's identity set), which
    OpenAI's fine-tuning and the other trainers do not.

    ## Example
    `"content": "I am {{name}}, an AI assistant developed by {{author}}."`.

    ## Fix
    Fill the placeholders in before training, or drop the records.

    ## Options
    `brackets` (false).
    """

    code = "DQ010"
    name = "template-placeholder"
    default_severity = Severity.WARNING
    Options = TemplatePlaceholderOptions
    gate = staticmethod(may_hold_odd_text)

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        if self.options.brackets:  # type: ignore[attr-defined]
            # Bracketed blanks need a wider look than the one DQ008 and DQ009 share: this rule's own.
            self.gate = may_hold_odd_text_or_blank  # type: ignore[misc]

    def check_text(self, text: str, at: str) -> Violation | None:
        options: TemplatePlaceholderOptions = self.options  # type: ignore[assignment]
        hits = _outside_code(text, BRACES)
        if options.brackets:
            hits = sorted(hits + [(match.start(), match.group()) for match in BRACKETS.finditer(text)])
        if not hits:
            return None
        more = f" and {len(hits) - 1} more" if len(hits) > 1 else ""
        return Violation(f"text has the unfilled placeholder `{hits[0][1]}`{more}; fill it in before training",
                         pointer=at)


def _outside_code(text: str, pattern: re.Pattern[str]) -> list[tuple[int, str]]:
    """(position, text) of each match of `pattern` that is not inside code."""
    hits = [(match.start(), match.group()) for match in pattern.finditer(text)]
    if not hits or "`" not in text:
        return hits
    spans = [match.span() for match in _CODE.finditer(text)]
    return [(at, hit) for at, hit in hits if not any(start <= at < end for start, end in spans)]
