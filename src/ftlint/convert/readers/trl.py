"""Readers for the prompt-keyed shapes: prompt/completion (OpenAI legacy, TRL, Together), TRL
preference (explicit or implicit prompt), unpaired preference (KTO) and prompt-only.

Each field is a string (TRL "standard"), a list of messages (TRL "conversational") or, for
Together's multimodal instruction format, a list of content parts. A string prompt becomes a user
turn and a string answer an assistant turn.
"""

from __future__ import annotations

from typing import Any

from ftlint.convert.model import Example, Turn
from ftlint.convert.options import Options
from ftlint.convert.readers.messages import content_from_json, turns_from_messages
from ftlint.convert.result import Notes, Reject


def read_prompt_completion(record: dict[str, Any], options: Options, notes: Notes) -> Example:
    prompt, completion = record["prompt"], record["completion"]
    verbatim = None
    if isinstance(prompt, str) and isinstance(completion, str):
        verbatim = (prompt, completion)
        prompt, completion = _strip_legacy(prompt, completion, options)
    turns = _side(prompt, "user", "prompt") + _side(completion, "assistant", "completion")
    return Example(turns=turns, verbatim=verbatim)


def read_kto(record: dict[str, Any], options: Options, notes: Notes) -> Example:
    turns = _side(record["prompt"], "user", "prompt") + _side(record["completion"], "assistant", "completion")
    return Example(turns=turns, label=record["label"])


def read_prompt_only(record: dict[str, Any], options: Options, notes: Notes) -> Example:
    # The other keys are what the reward functions read (TRL passes every column to them).
    extras = {key: value for key, value in record.items() if key != "prompt"}
    return Example(turns=_side(record["prompt"], "user", "prompt"), extras=extras)


def read_preference_trl(record: dict[str, Any], options: Options, notes: Notes) -> Example:
    chosen, rejected = record["chosen"], record["rejected"]
    if isinstance(chosen, str) != isinstance(rejected, str):
        raise Reject("`chosen` and `rejected` must both be strings or both be lists of messages")
    if "prompt" in record:
        prompt = _side(record["prompt"], "user", "prompt")
        return Example(turns=prompt, chosen=_side(chosen, "assistant", "chosen"),
                       rejected=_side(rejected, "assistant", "rejected"))
    # Implicit prompt: split as TRL's `extract_prompt` does, at the first message (or character)
    # where the two answers differ.
    if isinstance(chosen, str):
        cut = _first_difference(chosen, rejected)
        if cut and chosen[cut - 1] == " ":
            cut -= 1  # TRL leaves the space before the answers with them
        notes.add("split the implicit prompt where `chosen` and `rejected` first differ, as TRL's extract_prompt does")
        if not cut:
            raise Reject("`chosen` and `rejected` share no prompt text to split off")
        return Example(turns=(Turn("user", chosen[:cut]),), chosen=(Turn("assistant", chosen[cut:]),),
                       rejected=(Turn("assistant", rejected[cut:]),))
    chosen_turns = turns_from_messages(chosen, "chosen")
    rejected_turns = turns_from_messages(rejected, "rejected")
    cut = _first_difference(chosen_turns, rejected_turns)
    if not cut:
        raise Reject("`chosen` and `rejected` share no prompt messages to split off")
    notes.add("split the implicit prompt at the first message where `chosen` and `rejected` differ")
    return Example(turns=chosen_turns[:cut], chosen=chosen_turns[cut:], rejected=rejected_turns[cut:])


def _first_difference(a: Any, b: Any) -> int:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


def _side(value: Any, role: str, key: str) -> tuple[Turn, ...]:
    if isinstance(value, str):
        return (Turn(role, value),)
    if not value:
        raise Reject(f"`{key}` is an empty list")
    if all("role" in item for item in value):
        return turns_from_messages(value, key)
    # Together's multimodal instruction format: the field is one message's content parts.
    return (Turn(role, content_from_json(value, key)),)


def _strip_legacy(prompt: str, completion: str, options: Options) -> tuple[str, str]:
    """Take off the legacy separator, leading space and stop, each only where it is present."""
    if options.separator and prompt.endswith(options.separator):
        prompt = prompt[: -len(options.separator)]
    if options.leading_space and completion.startswith(" "):
        completion = completion[1:]
    if options.stop and completion.endswith(options.stop):
        completion = completion[: -len(options.stop)]
    return prompt, completion
