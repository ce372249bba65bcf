"""CH001 unknown-role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ftlint.core.findings import Severity, Violation, pointer
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
    Use one of the known roles; `ftlint convert` maps ShareGPT roles.

    ## Options
    None.
    """

    code = "CH001"
    name = "unknown-role"
    default_severity = Severity.ERROR

    def check_messages(self, messages: list[dict[str, Any]], facts: ChatFacts) -> Iterable[Violation]:
        roles = facts.roles
        if KNOWN_ROLE_SET.issuperset(roles):
            return ()
        found = []
        for index, role in enumerate(roles):
            if role in KNOWN_ROLE_SET:
                continue
            if role.strip().lower() in KNOWN_ROLES:
                text = f"role `{role}` must be written `{role.strip().lower()}`"
            else:
                text = f"unknown role `{role}`; expected one of {', '.join(KNOWN_ROLES)}"
            found.append(Violation(text, pointer=pointer("messages", index, "role")))
        return found
