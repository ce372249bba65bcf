"""Round trips that must lose nothing: chat <-> TRL conversational, alpaca -> chat -> alpaca,
ShareGPT with tools -> chat -> ShareGPT, prompt/completion <-> chat with a fixed separator and stop."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ftlint.convert import Converted, Options, convert
from ftlint.convert.options import DEFAULT
from ftlint.convert.readers.sharegpt import TOOL_RESPONSE_JOIN

# `<` is left out so no text holds an `<image>` placeholder or LLaMA-Factory's tool-response join; no
# text is blank, since a blank turn is a missing turn that no format takes (a rejection test covers it).
TEXT = st.text(alphabet=st.characters(blacklist_characters="<", blacklist_categories=("Cs",)), min_size=1,
               max_size=12).filter(lambda text: bool(text.strip()))
NAME = st.text(alphabet="abcdefghij_", min_size=1, max_size=8)
SCALAR = st.one_of(st.integers(-1000, 1000), TEXT, st.booleans(), st.none())
ARGS = st.dictionaries(NAME, SCALAR, max_size=3)
FUNCTION = st.builds(lambda n, d: {"name": n, "description": d, "parameters": {"type": "object", "properties": {}}},
                     NAME, TEXT)
FAST = settings(max_examples=60, deadline=None)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # how the writers serialise JSON inside strings


def _ok(record: dict[str, Any], to: str, source: str, options: Options = DEFAULT) -> dict[str, Any]:
    result = convert(record, to, source=source, options=options)
    assert isinstance(result, Converted), result
    return result.record


@st.composite
def chat_records(draw: st.DrawFn, trl: bool = False) -> dict[str, Any]:
    """OpenAI chat (arguments as strings) or TRL conversational (arguments as objects) records."""
    messages: list[dict[str, Any]] = []
    if draw(st.booleans()):
        messages.append({"role": "system", "content": draw(TEXT)})
    calls = 0
    for _ in range(draw(st.integers(1, 3))):
        content: Any = draw(st.one_of(TEXT, st.lists(st.one_of(
            st.builds(lambda t: {"type": "text", "text": t}, TEXT),
            st.builds(lambda u: {"type": "image_url", "image_url": {"url": f"https://example.com/{u}.png"}}, NAME),
        ), min_size=1, max_size=3)))
        messages.append({"role": "user", "content": content})
        if draw(st.booleans()):
            tool_calls = []
            for _ in range(draw(st.integers(1, 2))):
                calls += 1
                args = draw(ARGS)
                tool_calls.append({"id": f"call_{calls}", "type": "function",
                                   "function": {"name": draw(NAME), "arguments": args if trl else _dumps(args)}})
            messages.append({"role": "assistant", "tool_calls": tool_calls})
            messages += [{"role": "tool", "content": draw(TEXT), "tool_call_id": c["id"]} for c in tool_calls]
        messages.append({"role": "assistant", "content": draw(TEXT)})
    record: dict[str, Any] = {"messages": messages}
    if calls or draw(st.booleans()):
        functions = draw(st.lists(FUNCTION, min_size=1, max_size=2))
        record["tools"] = [{"type": "function", "function": f} for f in functions]
    return record


@FAST
@given(chat_records())
def test_chat_to_trl_messages_and_back_is_lossless(record: dict[str, Any]) -> None:
    trl = _ok(record, "trl_messages", "chat")
    assert _ok(trl, "chat", "chat") == record


@FAST
@given(chat_records(trl=True))
def test_trl_messages_to_chat_and_back_is_lossless(record: dict[str, Any]) -> None:
    chat = _ok(record, "chat", "chat")
    assert all(isinstance(c["function"]["arguments"], str) for m in chat["messages"] for c in m.get("tool_calls", ()))
    assert _ok(chat, "trl_messages", "chat") == record


@FAST
@given(chat_records())
def test_chat_to_trl_prompt_completion_and_back_is_lossless(record: dict[str, Any]) -> None:
    record.pop("tools", None)  # TRL's prompt/completion type has no tools column
    pc = _ok(record, "trl_prompt_completion", "chat")
    assert _ok(pc, "chat", "prompt_completion") == record


ALPACA = st.fixed_dictionaries(
    {"instruction": TEXT, "input": st.just(""), "output": TEXT},
    optional={"system": TEXT.filter(bool), "history": st.lists(st.lists(TEXT, min_size=2, max_size=2), min_size=1,
                                                                max_size=3)},
)


@FAST
@given(ALPACA)
def test_alpaca_to_chat_and_back_is_lossless(record: dict[str, Any]) -> None:
    assert _ok(_ok(record, "chat", "alpaca"), "alpaca", "chat") == record


@FAST
@given(ALPACA, TEXT.filter(bool))
def test_alpaca_input_comes_back_joined_to_the_instruction(record: dict[str, Any], given_input: str) -> None:
    # Once a message, which part was `input` is not recorded: LLaMA-Factory joins them with "\n" too.
    record = {**record, "input": given_input}
    result = convert(record, "chat", source="alpaca")
    assert isinstance(result, Converted) and any("joined alpaca" in n for n in result.notes)
    back = _ok(result.record, "alpaca", "chat")
    query = "\n".join(t for t in (record["instruction"], given_input) if t)
    assert back == {**record, "instruction": query, "input": ""}


@st.composite
def sharegpt_records(draw: st.DrawFn) -> dict[str, Any]:
    turns: list[dict[str, str]] = []
    functions = draw(st.lists(FUNCTION, min_size=1, max_size=2))
    for _ in range(draw(st.integers(1, 3))):
        turns.append({"from": "human", "value": draw(TEXT)})
        if draw(st.booleans()):
            calls = [{"name": draw(NAME), "arguments": draw(ARGS)} for _ in range(draw(st.integers(1, 2)))]
            turns.append({"from": "function_call", "value": _dumps(calls[0] if len(calls) == 1 else calls)})
            turns.append({"from": "observation", "value": TOOL_RESPONSE_JOIN.join(draw(TEXT) for _ in calls)})
        turns.append({"from": "gpt", "value": draw(TEXT)})
    record: dict[str, Any] = {"conversations": turns, "tools": _dumps(functions)}
    if draw(st.booleans()):
        record["system"] = draw(TEXT.filter(bool))
    return record


@FAST
@given(sharegpt_records())
def test_sharegpt_with_tools_to_chat_and_back_is_lossless(record: dict[str, Any]) -> None:
    chat = _ok(record, "chat", "sharegpt")
    assert _ok(chat, "sharegpt", "chat") == record
    assert _ok(_ok(record, "trl_messages", "sharegpt"), "sharegpt", "chat") == record


LEGACY = Options(separator="\n\n###\n\n", stop=" END")


@FAST
@given(TEXT, TEXT)
def test_prompt_completion_to_chat_and_back_is_lossless(prompt: str, completion: str) -> None:
    record = {"prompt": prompt + "\n\n###\n\n", "completion": " " + completion + " END"}
    chat = _ok(record, "chat", "prompt_completion", LEGACY)
    assert chat == {"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": completion}]}
    assert _ok(chat, "prompt_completion", "chat", LEGACY) == record


@FAST
@given(TEXT, TEXT)
def test_chat_to_prompt_completion_and_back_is_lossless(prompt: str, answer: str) -> None:
    record = {"messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}]}
    pc = _ok(record, "prompt_completion", "chat", LEGACY)
    assert pc["prompt"].endswith("\n\n###\n\n")
    assert pc["completion"].startswith(" ") and pc["completion"].endswith(" END")
    assert _ok(pc, "chat", "prompt_completion", LEGACY) == record
