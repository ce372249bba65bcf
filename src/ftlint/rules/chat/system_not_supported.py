"""CH018 system-not-supported."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.rule import Target
from ftlint.rules.chat._base import INSTRUCTION_ROLES, ChatFacts, ChatRule
from ftlint.rules.chat._turns import renders_with_template


class SystemNotSupported(ChatRule):
    """A system message, for a model whose chat template takes none.

    ## What it does
    Runs only when the named model's chat template raises on any system message (Gemma 2:
    `template-refuses-system` in `rules/models.toml`) and the trainer renders conversations with it
    (the neutral default, TRL, Axolotl). Reports every `system` and `developer` message, the first
    one included. With a model's own folder (`--model PATH`), TK004 renders its template and
    reports what it really raises.

    ## Why it matters
    Gemma 2's template starts with `raise_exception('System role not supported')` when the first
    message is a system one, and a later one breaks its alternation check: the trainer stops on
    the first such example.

    ## Example
    `--model gemma-2` and `[system "Be brief.", user "Hi", assistant "Hello."]`.

    ## Fix
    Put the instruction at the start of the first user message (as Gemma 3's template does
    itself), or train a model whose template takes a system prompt.

    ## Options
    None.
    """

    code = "CH018"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "system-not-supported"
    default_severity = Severity.ERROR

    @classmethod
    def active(cls, target: Target) -> bool:
        strict = target.model.strict_turns
        return strict is not None and strict.refuses_system is not None and renders_with_template(target)

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        if INSTRUCTION_ROLES.isdisjoint(facts.roles):
            return ()
        model = self.target.model
        assert model.strict_turns is not None  # `active` holds it
        because = (f"{model.name}'s chat template raises \"{model.strict_turns.refuses_system}\": the trainer stops "
                   "on it; move the instruction into the first user message")
        return [Violation(f"`{role}` message: {because}", pointer=pointer("messages", index, "role"))
                for index, role in enumerate(facts.roles) if role in INSTRUCTION_ROLES]
