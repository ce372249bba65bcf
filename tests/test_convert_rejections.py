"""Each reason a record is rejected, each note a lossy conversion leaves, and the options."""

from __future__ import annotations

from typing import Any

import pytest

from ftlint.convert import Converted, Options, Rejected, convert

U = {"role": "user", "content": "hi"}
A = {"role": "assistant", "content": "hello"}
S = {"role": "system", "content": "be brief"}
CALL = {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                             "function": {"name": "f", "arguments": "{}"}}]}
RESULT = {"role": "tool", "content": "42", "tool_call_id": "c1"}
IMAGE = {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "https://x/a.png"}}]}
TOOLS = [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}]
PAIR = {"input": {"messages": [U]}, "preferred_output": [A], "non_preferred_output": [{**A, "content": "no"}]}
CHAT = {"messages": [U, A]}
SHARE = {"conversations": [{"from": "human", "value": "hi"}, {"from": "gpt", "value": "yo"}]}


def chat(*messages: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"messages": list(messages), **extra}


def share(*turns: tuple[str, str], **extra: Any) -> dict[str, Any]:
    return {"conversations": [{"from": f, "value": v} for f, v in turns], **extra}


FN = '{"name": "f", "arguments": {}}'
# (id, record, source, output, options, a phrase the reason must have)
CASES: list[tuple[str, Any, str | None, str, Options, str]] = [
    # reading
    ("not-an-object", [1], None, "chat", Options(), "must be a JSON object"),
    ("no-format", {"q": 1}, None, "chat", Options(), "match no format ftlint reads"),
    ("no-reader", {"segments": []}, "input_output", "chat", Options(), "does not convert from `input_output`"),
    ("invalid-view", chat({"role": "user", "content": 5}), "chat", "chat", Options(), "not a valid chat"),
    ("part-type", chat({"role": "user", "content": [{"type": "input_audio"}]}, A), "chat", "chat", Options(),
     "content part type `input_audio`"),
    ("part-key", chat({"role": "user", "content": [{"type": "text"}]}, A), "chat", "chat", Options(),
     "a `text` part without its `text` key"),
    ("too-many-placeholders", chat({"role": "user", "content": "<image><image>"}, A, images=["a.png"]), "chat",
     "trl_messages", Options(), "more `<image>` placeholders"),
    ("too-few-placeholders", chat(U, A, images=["a.png"]), "chat", "trl_messages", Options(),
     "only 0 `<image>` placeholders"),
    ("images-not-a-list", chat(U, A, images="a.png"), "chat", "trl_messages", Options(), "`images` must be a list"),
    ("column-missing", {"q": "a"}, None, "chat", Options(columns={"prompt": "question"}),
     "column `question` (mapped to `prompt`) is missing"),
    ("pointer-missing", {"meta": {}}, None, "chat", Options(columns={"prompt": "/meta/q"}), "finds no object key"),
    ("column-clash", {"prompt": "a", "q": "b", "completion": "c"}, None, "chat", Options(columns={"prompt": "q"}),
     "already has"),
    ("trl-mixed", {"chosen": "a", "rejected": [A]}, "preference_trl", "trl_preference", Options(),
     "both be strings or both be lists"),
    ("implicit-text", {"chosen": "a", "rejected": "b"}, "preference_trl", "trl_preference", Options(),
     "share no prompt text"),
    ("implicit-messages", {"chosen": [A], "rejected": [{**A, "content": "x"}]}, "preference_trl", "trl_preference",
     Options(), "share no prompt messages"),
    ("empty-prompt", {"prompt": [], "completion": "a"}, "prompt_completion", "chat", Options(),
     "`prompt` is an empty list"),
    ("history-pair", {"instruction": "a", "output": "b", "history": [["x"]]}, "alpaca", "chat", Options(),
     "[prompt, response] pairs"),
    ("sharegpt-tag", share(("bot", "x")), "sharegpt", "chat", Options(), "unknown ShareGPT tag `bot`"),
    ("call-not-json", share(("human", "x"), ("function_call", "f(")), "sharegpt", "chat", Options(),
     "function_call value is not JSON"),
    ("call-no-name", share(("human", "x"), ("function_call", '{"arguments": {}}')), "sharegpt", "chat", Options(),
     "needs a `name` and `arguments`"),
    ("call-arguments", share(("human", "x"), ("function_call", '{"name": "f", "arguments": 5}')), "sharegpt",
     "chat", Options(), "must be an object or a JSON string"),
    ("orphan-observation", share(("human", "x"), ("observation", "1")), "sharegpt", "chat", Options(),
     "does not follow a function_call"),
    ("unsplit-observation", share(("human", "x"), ("function_call", f"[{FN}, {FN}]"), ("observation", "1")),
     "sharegpt", "chat", Options(), "one observation for 2 parallel calls"),
    ("half-pair", {**SHARE, "chosen": {"from": "gpt", "value": "a"}}, "sharegpt", "chat", Options(),
     "needs both `chosen` and `rejected`"),
    ("tools-not-json", {**SHARE, "tools": "[{"}, "sharegpt", "chat", Options(), "`tools` is not valid JSON"),
    ("tools-not-list", {**SHARE, "tools": "5"}, "sharegpt", "chat", Options(), "not a JSON list of function"),
    ("lf-no-prompt", {"chosen_messages": [{"role": "assistant", "content": [{"type": "text", "value": "a"}]}],
                      "rejected_messages": [{"role": "assistant", "content": [{"type": "text", "value": "b"}]}]},
     "preference_lf", "preference", Options(), "share no prompt messages"),
    ("lf-part", {"chosen_messages": [{"role": "user", "content": [{"type": "reasoning", "value": "a"}]}],
                 "rejected_messages": []}, "preference_lf", "preference", Options(), "a `reasoning` part"),
    # writing
    ("text-no-roles", {"text": "x"}, "text", "chat", Options(), "a text record has no roles"),
    ("text-no-roles-dpo", {"text": "x"}, "text", "preference", Options(), "a text record has no roles"),
    ("pair-to-one", PAIR, "preference", "chat", Options(), "holds one answer and this preference record has two"),
    ("undesirable", {"prompt": "a", "completion": "b", "label": False}, "kto", "chat", Options(),
     "undesirable completion"),
    ("no-answer", chat(U), "chat", "chat", Options(), "needs an assistant answer"),
    ("ends-with-user", chat(U, A, U), "chat", "trl_prompt_completion", Options(), "end with an assistant answer"),
    ("only-answers", chat(A), "chat", "trl_prompt_completion", Options(), "needs a prompt before the answer"),
    ("grader-fields", {"messages": [U, A], "nums": [1]}, "rft", "chat", Options(), "no place for the record's `nums`"),
    ("tool-calls-in-strings", chat(U, CALL, RESULT, A), "chat", "alpaca", Options(), "alpaca cannot hold tool calls"),
    ("images-in-strings", chat(IMAGE, A), "chat", "alpaca", Options(), "alpaca cannot hold images"),
    ("no-content", chat(U, {"role": "assistant"}), "chat", "alpaca", Options(), "turn 2 (assistant) is empty"),
    ("deprecated-call", chat(U, {"role": "assistant", "content": "x", "function_call": {"name": "f", "arguments": ""}}),
     "chat", "alpaca", Options(), "deprecated `function_call`"),
    ("image-path", chat({"role": "user", "content": "<image>"}, A, images=["a.png"]), "chat", "chat", Options(),
     "not the path `a.png`"),
    ("arguments-not-json", chat(U, {"role": "assistant", "tool_calls": [
        {"type": "function", "function": {"name": "f", "arguments": "{"}}]}), "chat", "trl_messages", Options(),
     "arguments are not valid JSON"),
    ("dpo-needs-pair", CHAT, "chat", "preference", Options(), "needs a preferred and a non-preferred answer"),
    ("dpo-input-user", {**PAIR, "input": {"messages": [U, A]}}, "preference", "preference", Options(),
     "end with a user message"),
    ("dpo-one-message", {**PAIR, "preferred_output": [A, A]}, "preference", "preference", Options(),
     "takes one assistant message as `preferred_output`"),
    ("pc-tools", chat(U, A, tools=TOOLS), "chat", "prompt_completion", Options(),
     "prompt_completion cannot hold tool definitions"),
    ("pc-system", chat(S, U, A), "chat", "prompt_completion", Options(), "no place for a system message"),
    ("pc-turns", chat(U, A, U, A), "chat", "prompt_completion", Options(), "holds one prompt and one answer"),
    ("text-from-turns", CHAT, "chat", "text", Options(), "needs the model's chat template"),
    ("trl-pc-tools", chat(U, A, tools=TOOLS), "chat", "trl_prompt_completion", Options(), "has no `tools` column"),
    ("trl-pref-text", {**PAIR, "input": {"messages": [S, U]}}, "preference", "trl_preference_text", Options(),
     "holds the prompt as one user string"),
    ("kto-pair", PAIR, "preference", "trl_kto", Options(), "makes two trl_kto records"),
    ("kto-label", CHAT, "chat", "trl_kto", Options(), "needs a label"),
    ("alpaca-order", chat(U, U, A), "chat", "alpaca", Options(), "needs user/assistant pairs"),
    ("alpaca-end", chat(U, A, U), "chat", "alpaca", Options(), "end with an assistant answer"),
    ("alpaca-tools", chat(U, A, tools=TOOLS), "chat", "alpaca", Options(), "alpaca cannot hold tool definitions"),
    ("sharegpt-alternation", chat(S, A), "chat", "sharegpt", Options(), "do not alternate user/assistant at message 2"),
    ("sharegpt-mid-system", chat(U, A, S, U, A), "chat", "sharegpt", Options(), "system prompt only at the start"),
    ("sharegpt-text-and-calls", chat(U, {**CALL, "content": "let me see"}, RESULT, A), "chat", "sharegpt", Options(),
     "text and tool calls in one turn"),
    ("sharegpt-orphan-result", chat(U, RESULT, A), "chat", "sharegpt", Options(), "does not follow one"),
    ("sharegpt-unanswered", chat(U, CALL, U, A), "chat", "sharegpt", Options(), "calls unanswered"),
    ("sharegpt-image-text", chat({"role": "user", "content": "see <image>"}, A), "chat", "sharegpt", Options(),
     "has the text `<image>`"),
    ("sharegpt-role", chat(U, {"role": "function", "content": "x"}, A), "chat", "sharegpt", Options(),
     "no tag for the role `function`"),
    ("sharegpt-end", chat(U, A, U), "chat", "sharegpt", Options(), "end with a model turn"),
    ("sharegpt-pair-prompt", {**PAIR, "input": {"messages": [U, A, U, A]}}, "preference", "sharegpt", Options(),
     "prompt to end on the user side"),
    ("sharegpt-pair-answer", {"prompt": [U], "chosen": [A, A], "rejected": [A]}, "preference_trl", "sharegpt",
     Options(), "takes one model turn as `chosen`"),
]


@pytest.mark.parametrize(("record", "source", "to", "options", "phrase"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_rejection_reason(record: Any, source: str | None, to: str, options: Options, phrase: str) -> None:
    result = convert(record, to, source=source, options=options)
    assert isinstance(result, Rejected), result
    assert phrase in result.reason


def _converted(record: Any, to: str, source: str | None = None, options: Options = Options()) -> Converted:  # noqa: B008
    result = convert(record, to, source=source, options=options)
    assert isinstance(result, Converted), result
    return result


def test_lossy_changes_are_notes() -> None:
    weighted = chat(U, {**A, "weight": 1})
    assert any("`weight`" in n for n in _converted(weighted, "alpaca").notes)
    assert any("`weight`" in n for n in _converted(weighted, "trl_messages").notes)
    assert any("dropped the key `id`" in n for n in _converted({**CHAT, "id": 7}, "chat").notes)
    assert any("ids" in n for n in _converted(chat(U, CALL, RESULT, A, tools=TOOLS), "sharegpt").notes)
    kept = _converted(PAIR, "chat", options=Options(keep_preferred=True))
    assert kept.record == {"messages": [U, A]} and any("rejected" in n for n in kept.notes)
    desirable = _converted({"prompt": "a", "completion": "b", "label": True}, "chat")
    assert any("label" in n for n in desirable.notes)


def test_calls_without_ids_get_them_for_openai() -> None:
    call = {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "f", "arguments": {}}}]}
    out = _converted(chat(U, call, {"role": "tool", "content": "1"}, A), "chat")
    messages = out.record["messages"]
    assert messages[1]["tool_calls"][0]["id"] == messages[2]["tool_call_id"] == "call_1"
    assert messages[1]["tool_calls"][0]["function"]["arguments"] == "{}"
    assert any("generated ids" in n for n in out.notes)


def test_column_mapping_renames_and_lifts_by_pointer() -> None:
    qa = {"question": "2+2?", "answer": "4"}
    out = _converted(qa, "chat", options=Options(columns={"prompt": "question", "completion": "answer"}))
    assert out.record == {"messages": [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "4"}]}
    nested = {"meta": {"q": "2+2?"}, "completion": "4"}
    out = _converted(nested, "trl_prompt_completion_text", options=Options(columns={"prompt": "/meta/q"}))
    assert out.record == {"prompt": "2+2?", "completion": "4"} and out.notes == ()
    assert nested == {"meta": {"q": "2+2?"}, "completion": "4"}  # the caller's record is untouched


def test_system_option_adds_a_system_message_where_there_is_none() -> None:
    out = _converted(CHAT, "chat", options=Options(system="be kind"))
    assert out.record["messages"][0] == {"role": "system", "content": "be kind"}
    own = _converted(chat(S, U, A), "chat", options=Options(system="be kind"))
    assert own.record["messages"][0] == S and own.notes


def test_images_become_placeholders_in_sharegpt_and_come_back() -> None:
    record = chat({"role": "user", "content": [{"type": "text", "text": "what is "},
                                               {"type": "image_url", "image_url": {"url": "https://x/a.png"}}]}, A)
    out = _converted(record, "sharegpt").record
    assert out["conversations"][0]["value"] == "what is <image>" and out["images"] == ["https://x/a.png"]
    assert _converted(out, "chat", "sharegpt").record == record


def test_legacy_defaults_and_verbatim_trl_strings() -> None:
    out = _converted(CHAT, "prompt_completion").record
    assert out == {"prompt": "hi\n\n###\n\n", "completion": " hello END"}
    # TRL's standard strings are written as read: the legacy conventions come off only into messages.
    assert _converted(out, "trl_prompt_completion_text", "prompt_completion").record == out
    assert _converted(out, "chat", "prompt_completion").record == CHAT


def test_unknown_output_format_is_the_callers_mistake() -> None:
    with pytest.raises(ValueError, match="unknown output format"):
        convert(CHAT, "jsonl")


@pytest.mark.parametrize("record", [
    {"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": ""}]},
    {"messages": [{"role": "user", "content": " \n"}, {"role": "assistant", "content": "yes"}]},
    {"conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": ""}, {"from": "human", "value": "q"},
                       {"from": "gpt", "value": "a"}]},
    {"messages": [{"role": "user", "content": [{"type": "text", "text": ""}]}, {"role": "assistant", "content": "a"}]},
])
@pytest.mark.parametrize("to", ["chat", "trl_messages", "sharegpt"])
def test_an_empty_turn_is_a_missing_turn_and_is_not_written(record: dict[str, Any], to: str) -> None:
    result = convert(record, to)
    assert isinstance(result, Rejected) and "is empty: an empty turn is a missing turn" in result.reason
