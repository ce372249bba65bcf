"""CH001 unknown-role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation, pointer
from ftlint.core.rule import FixAvailability
from ftlint.rules.chat._base import KNOWN_ROLE_SET, KNOWN_ROLES, ChatFacts, ChatRule


class UnknownRole(ChatRule):
    """Message has a role the provider does not know.

    ## What it does
    Reports roles other than `system`, `developer`, `user`, `assistant`, `tool` and the
    deprecated `function`. A known role in the wrong case (`User`) is named as such.

    ## Why it matters
    The provider rejects the example; ShareGPT-style roles (`human`, `gpt`) are the usual cause.

    ## Example
    `{"role": "human", "content": "hi"}`.

    ## Fix
    `ftlint fix` writes a known role in the wrong case in lower case (a safe fix). Other roles:
    use one of the known ones (ShareGPT's `human` and `gpt` are `user` and `assistant`), or keep
    ShareGPT records in their `conversations` form for a trainer that reads them (`--profile
    axolotl` or `llamafactory`).

    ## Options
    None.
    """

    code = "CH001"
    pure_on_shape = True  # of a shaped record it reads the roles alone (a test holds it to that)
    name = "unknown-role"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        if KNOWN_ROLE_SET.issuperset(roles):
            return ()
        found = []
        for index, role in enumerate(roles):
            if role in KNOWN_ROLE_SET:
                continue
            where = pointer("messages", index, "role")
            known = role.strip().lower()
            if known in KNOWN_ROLES:
                fix = Fix(f"write the role as `{known}`", Applicability.SAFE, (SetValue(where, known, only_if=role),))
                found.append(Violation(f"role `{role}` must be written `{known}`", pointer=where, fix=fix))
            else:
                found.append(Violation(f"unknown role `{role}`; expected one of {', '.join(KNOWN_ROLES)}",
                                       pointer=where))
        return found
