"""One writer per output format, and what each output is checked as by `ftlint check`."""

from __future__ import annotations

from dataclasses import dataclass

from ftlint.convert.writers import alpaca, openai, sharegpt, trl
from ftlint.convert.writers.common import Writer


@dataclass(frozen=True)
class OutputFormat:
    name: str
    write: Writer
    checks_as: str  # the ftlint record format (core.formats) the output has
    profile: str  # the profile (rules/profiles) of the trainer or provider it is for


OUTPUTS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("chat", openai.write_chat, "chat", "openai"),
        OutputFormat("preference", openai.write_preference, "preference", "openai"),
        OutputFormat("prompt_completion", openai.write_prompt_completion, "prompt_completion", "openai-legacy"),
        OutputFormat("trl_messages", trl.write_messages, "chat", "trl"),
        OutputFormat("text", trl.write_text, "text", "trl"),
        OutputFormat("trl_prompt_completion", trl.write_prompt_completion, "prompt_completion", "trl"),
        OutputFormat("trl_prompt_completion_text", trl.write_prompt_completion_text, "prompt_completion", "trl"),
        OutputFormat("trl_preference", trl.write_preference, "preference_trl", "trl"),
        OutputFormat("trl_preference_text", trl.write_preference_text, "preference_trl", "trl"),
        OutputFormat("trl_kto", trl.write_kto, "kto", "trl"),
        OutputFormat("trl_kto_text", trl.write_kto_text, "kto", "trl"),
        OutputFormat("alpaca", alpaca.write_alpaca, "alpaca", "llamafactory"),
        OutputFormat("sharegpt", sharegpt.write_sharegpt, "sharegpt", "llamafactory"),
    )
}
