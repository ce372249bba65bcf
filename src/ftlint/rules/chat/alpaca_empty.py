"""CH013 alpaca-empty-field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.edits import DeleteLine
from ftlint.core.findings import Applicability, Fix, Severity, Violation
from ftlint.core.option_types import Flag
from ftlint.core.records import Record
from ftlint.core.rule import FixAvailability, RecordRule, RuleOptions


class AlpacaEmptyFieldOptions(RuleOptions):
    require_instruction: Flag = False
    """Also report an empty instruction beside a non-empty input (the input alone is then the prompt)."""


def _drop(reason: str) -> Fix:
    return Fix("move the record to the rejects file", Applicability.UNSAFE, (DeleteLine(reason),))


class AlpacaEmptyField(RecordRule):
    """Alpaca record has an empty output or an empty prompt.

    ## What it does
    In alpaca records, reports an `output` that is empty or only whitespace, and an empty
    prompt: an `instruction` that is empty or only whitespace when `input` is missing, empty or
    only whitespace too. An empty instruction beside a non-empty input is not reported unless
    `require-instruction` is set: LLaMA-Factory then takes the input alone as the prompt, which
    some datasets do on purpose.

    ## Why it matters
    LLaMA-Factory and Axolotl build the prompt from `instruction` (and `input`) and train on
    `output`, and neither rejects an empty one: an empty output teaches the model to answer with
    nothing, an empty prompt to answer a question nobody asked. Both are usually a failed export.

    ## Example
    `{"instruction": "Translate to French", "input": "dog", "output": ""}`.

    ## Fix
    Write the missing text, or `ftlint fix --unsafe-fixes` moves the record to the rejects file
    (not for an empty instruction beside an input, which only `require-instruction` reports).

    ## Options
    `require-instruction` (false): also report an empty instruction when the input is not empty
    (Axolotl's alpaca template then shows an empty `### Instruction:` section).
    """

    code = "CH013"
    name = "alpaca-empty-field"
    default_severity = Severity.ERROR
    formats = frozenset({"alpaca"})
    fix_availability = FixAvailability.SOMETIMES
    when = "valid"
    Options = AlpacaEmptyFieldOptions

    def check_record(self, record: Record) -> Iterable[Violation]:
        view: dict[str, Any] = record.view  # type: ignore[assignment]  # `when = "valid"`: never None
        instruction, output = _blank(view["instruction"]), _blank(view["output"])
        if not instruction and not output:
            return ()  # the common case
        found = []
        if instruction:
            given = view.get("input")
            input_blank = "missing" if given is None else _blank(given)
            if input_blank:
                where = "there is no input" if input_blank == "missing" else f"input is {input_blank}"
                found.append(Violation(f"instruction is {instruction} and {where}: the prompt is empty",
                                       pointer="/instruction", fix=_drop("empty prompt")))
            elif self.options.require_instruction:  # type: ignore[attr-defined]
                found.append(Violation(f"instruction is {instruction}; the prompt is the input alone",
                                       pointer="/instruction"))
        if output:
            found.append(Violation(f"output is {output}; the model would learn to answer with nothing",
                                   pointer="/output", fix=_drop("empty output")))
        return found


def _blank(text: str) -> str:
    """How `text` is blank (`empty` or `only whitespace`), or "" when it has something in it."""
    if not text:
        return "empty"
    return "" if text.strip() else "only whitespace"
