"""PI009 person-name."""

from __future__ import annotations

from ftlint.core.findings import Severity
from ftlint.core.option_types import AllowPattern
from ftlint.rules.privacy._base import NerRule, PiiOptions


class PersonOptions(PiiOptions):
    # Assistants and the companies behind them: identity datasets name them on every line, and
    # the small model takes them for people.
    allow: list[AllowPattern] = [r"^(?:OpenAI|ChatGPT|GPT[- ]?\d.*|Claude|Anthropic|Gemini|Bard|Llama|LLaMA|Mistral|"
                                 r"Qwen|DeepSeek|Copilot|Alexa|Siri|Cortana)$"]


class PersonName(NerRule):
    """Text names a person (needs a spaCy NER model: `pip install 'ftlint[ner]'`).

    ## What it does
    Finds people's names with presidio-analyzer and spaCy's English named-entity model
    (`en_core_web_sm`, installed by the `ner` extra). Every string is read by the model: there is
    no screen for names, so this costs ~20 ms a record on one core.

    This rule is opt-in, and not in the `strict` profile: select it by its code
    (`--extend-select PI009`). Without the model it is not run, and the report says so once.

    Reports show each word's first letter (`J*** S***`) unless `--show-pii` is given.

    ## Why it matters
    Support logs, e-mails and health records name real people; the model learns to name them.
    Public figures are names too: review what it reports rather than redacting blindly.

    ## Example
    `"content": "Priya Natarajan asked for a refund"`.

    ## Fix
    Unsafe: `ftlint fix --unsafe-fixes` replaces each name with `<PERSON_1>`, `<PERSON_2>`...

    ## Options
    `allow` (e.g. your product's or assistant's name; well-known assistants and AI companies are
    allowed by default), `min-score` (default 0.4), `placeholder`.
    """

    code = "PI009"
    name = "person-name"
    default_severity = Severity.WARNING
    entity, label, labels, token = "PERSON", "person's name", "people's names", "PERSON"
    Options = PersonOptions
