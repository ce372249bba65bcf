"""Which target profiles train on each record format: the advice a finding gives about a format.

Kept in this one place until `ftlint convert` exists and the profiles (`rules/profiles/*.toml`)
can be asked: a finding about a format its target does not take names the profiles that do.
"""

from __future__ import annotations

TRAINED_BY: dict[str, tuple[str, ...]] = {
    "chat": ("openai", "together", "fireworks", "mistral", "trl", "axolotl", "llamafactory"),
    "preference": ("openai", "together"),  # OpenAI DPO
    "preference_trl": ("trl", "axolotl"),
    "prompt_completion": ("openai-legacy", "together", "trl"),
    "text": ("together", "trl", "axolotl"),
    "alpaca": ("axolotl", "llamafactory"),
    "sharegpt": ("axolotl", "llamafactory"),
    "rft": ("openai", "trl"),  # TRL: prompt-only, for GRPO
}


def profiles_advice(format_name: str, current_profile: str) -> str:
    """E.g. "profiles that train on them: `axolotl`, `llamafactory` (choose one with --profile)".

    The current profile is left out of the list; when it is one of them, the advice is to pick one
    of its models that does. Empty when there is nothing to suggest.
    """
    trained_by = TRAINED_BY.get(format_name, ())
    others = [profile for profile in trained_by if profile != current_profile]
    parts = []
    if others:
        names = ", ".join(f"`{profile}`" for profile in others)
        parts.append(f"profiles that train on them: {names} (choose one with --profile)")
    if current_profile in trained_by:
        parts.append(f"a model of `{current_profile}` that takes them (--model)")
    return ", or ".join(parts)
