"""Who breaks on a conversation whose roles are out of turn, for the role-order rules (CH005, CH016, CH017).

The three faults (a system message after the conversation started, two messages in a row from one
role, an assistant speaking first) are a warning when nobody named rejects them, and an error where
the target does: a provider's validator (the profile sets the severity, and the reason here names
it), or the named model's own chat template, which raises on them (`models.toml` `template-turns`)
when a trainer renders the conversation with it.
"""

from __future__ import annotations

from typing import Literal

from ftlint.core.findings import Severity
from ftlint.core.rule import Target
from ftlint.rules.chat._sharegpt import LLAMAFACTORY_SKIPS

Fault = Literal["late_system", "same_role", "assistant_first"]

# Trainers that render a conversation with the model's own Hugging Face chat template, whose verdict is
# then theirs. LLaMA-Factory renders with templates of its own (and skips such rows before); Mistral's
# API validates with mistral-common, which takes any of these orders.
_TEMPLATE_TRAINERS = frozenset({None, "TRL", "Axolotl"})

_STRICT_TEMPLATES = "strict chat templates (Mistral, Gemma, Llama 2) raise on it"

# What each target does with each fault; "" is the neutral default.
_CONSEQUENCE: dict[str, dict[Fault, str]] = {
    "": {
        "late_system": f"chat templates expect the system prompt first, Fireworks rejects it and {_STRICT_TEMPLATES}",
        "same_role": f"Together rejects it (\"Invalid role turns\") and {_STRICT_TEMPLATES}",
        "assistant_first": f"LLaMA-Factory skips the row and {_STRICT_TEMPLATES}",
    },
    "Together": {
        "same_role": "Together rejects the file: \"Invalid role turns ... roles must alternate\"",
    },
    "Fireworks": {
        "late_system": "Fireworks rejects it: a system message must be the first message of the conversation",
    },
    "LLaMA-Factory": {
        "late_system": LLAMAFACTORY_SKIPS,
        "same_role": LLAMAFACTORY_SKIPS,
        "assistant_first": LLAMAFACTORY_SKIPS,
    },
}


# For a provider that takes the fault: what it still costs the model.
_TAKEN: dict[Fault, str] = {
    "late_system": "{provider} takes it, but at inference the model only ever sees the system prompt first",
    "same_role": "{provider} takes it, but the model never sees two turns in a row from one role at inference",
    "assistant_first": "{provider} takes it, but the model learns to speak before anyone asked",
}


def renders_with_template(target: Target) -> bool:
    """Whether the target's trainer renders conversations with the named model's own chat template."""
    return target.provider in _TEMPLATE_TRAINERS


def turn_verdict(target: Target, fault: Fault) -> tuple[str, Severity | None]:
    """Why `fault` matters for `target`, and the severity it takes beyond the rule's own (None: the rule's,
    or the one the profile configured, which always wins)."""
    strict = target.model.strict_turns
    if strict is not None and renders_with_template(target):
        return (f"{target.model.name}'s chat template raises \"{strict.raises}\": the trainer stops on it",
                Severity.ERROR)
    provider = target.provider or ""
    known = _CONSEQUENCE.get(provider, {}).get(fault)
    if known is None:
        known = _TAKEN[fault].format(provider=provider) if provider else _CONSEQUENCE[""][fault]
    return known, None
