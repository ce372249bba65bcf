"""ShareGPT reader: `conversations` of `from`/`value` turns, as LLaMA-Factory and Axolotl read them.

Tags (see ftlint.rules.chat._sharegpt): human/user, gpt/assistant, system (first turn, or the
`system` key), function_call (the model's tool call: JSON `{"name", "arguments"}` or a list of
them) and observation/tool (the tool's result). LLaMA-Factory writes the results of parallel calls
into one observation joined by `TOOL_RESPONSE_JOIN` (its OpenAI converter), so that is how one
observation is split back into one result per call. Tool calls get generated ids (`call_1`, ...),
since OpenAI pairs calls and results by id and ShareGPT has none. `tools` is a JSON string of
function definitions, bare (`{"name", ...}`) or OpenAI-wrapped; both become OpenAI's shape.
"""

from __future__ import annotations

import json
from typing import Any

from ftlint.convert.model import Example, ToolCall, Turn
from ftlint.convert.readers.messages import expand_placeholders
from ftlint.convert.result import Notes, Reject

ROLE_BY_TAG = {"human": "user", "user": "user", "gpt": "assistant", "assistant": "assistant", "system": "system",
               "function_call": "assistant", "observation": "tool", "tool": "tool"}
TOOL_RESPONSE_JOIN = "\n</tool_response>\n<tool_response>\n"


def read_sharegpt(record: dict[str, Any], notes: Notes) -> Example:
    reader = _Reader(notes)
    turns: list[Turn] = []
    if record.get("system"):
        turns.append(Turn("system", record["system"]))
    for i, raw in enumerate(record["conversations"]):
        turns += reader.turns(raw, f"turn {i + 1}")
    chosen = rejected = None
    if "chosen" in record or "rejected" in record:
        if not ("chosen" in record and "rejected" in record):
            raise Reject("a ShareGPT preference record needs both `chosen` and `rejected`")
        chosen = tuple(reader.turns(record["chosen"], "`chosen`"))
        rejected = tuple(reader.turns(record["rejected"], "`rejected`"))
    result = tuple(turns)
    if "images" in record:
        result = expand_placeholders(result, record["images"], "record")
    return Example(turns=result, tools=parse_tools(record.get("tools")), chosen=chosen, rejected=rejected)


def parse_tools(tools: str | None) -> tuple[dict[str, Any], ...] | None:
    if not tools:
        return None
    try:
        parsed = json.loads(tools)
    except ValueError as exc:
        raise Reject(f"`tools` is not valid JSON ({exc.args[0]})") from None
    parsed = [parsed] if isinstance(parsed, dict) else parsed
    if not (isinstance(parsed, list) and all(isinstance(t, dict) for t in parsed)):
        raise Reject("`tools` is not a JSON list of function definitions")
    return tuple(t if t.get("type") == "function" and "function" in t else {"type": "function", "function": t}
                 for t in parsed)


class _Reader:
    """Turns in order; remembers the last tool calls so the next observation can answer them."""

    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.pending: tuple[ToolCall, ...] = ()
        self.count = 0

    def turns(self, raw: dict[str, Any], where: str) -> list[Turn]:
        tag, value = raw["from"], raw["value"]
        role = ROLE_BY_TAG.get(tag)
        if role is None:
            raise Reject(f"{where}: unknown ShareGPT tag `{tag}` (known: {', '.join(ROLE_BY_TAG)})")
        weight = raw.get("weight")
        if tag == "function_call":
            self.pending = self._calls(value, where)
            return [Turn("assistant", None, self.pending, weight=weight)]
        if role == "tool":
            return self._results(value, where, weight)
        self.pending = ()
        return [Turn(role, value, weight=weight)]

    def _calls(self, value: str, where: str) -> tuple[ToolCall, ...]:
        try:
            parsed = json.loads(value)
        except ValueError:
            raise Reject(f"{where}: the function_call value is not JSON") from None
        items = parsed if isinstance(parsed, list) else [parsed]
        calls = []
        for item in items:
            if not (isinstance(item, dict) and isinstance(item.get("name"), str) and "arguments" in item):
                raise Reject(f"{where}: a function_call needs a `name` and `arguments`")
            arguments = item["arguments"]
            if not isinstance(arguments, str | dict):
                raise Reject(f"{where}: function_call `arguments` must be an object or a JSON string")
            self.count += 1
            calls.append(ToolCall(item["name"], arguments, id=f"call_{self.count}"))
        self.notes.add("gave ShareGPT's tool calls generated ids (call_1, ...), which OpenAI needs to pair results")
        return tuple(calls)

    def _results(self, value: str, where: str, weight: int | float | None) -> list[Turn]:
        calls, self.pending = self.pending, ()
        if not calls:
            raise Reject(f"{where}: an observation that does not follow a function_call turn")
        results = value.split(TOOL_RESPONSE_JOIN) if len(calls) > 1 else [value]
        if len(results) != len(calls):
            raise Reject(f"{where}: one observation for {len(calls)} parallel calls, not split into "
                         f"{len(calls)} results by LLaMA-Factory's `</tool_response><tool_response>` join")
        pairs = zip(results, calls, strict=True)
        return [Turn("tool", text, tool_call_id=call.id, weight=weight) for text, call in pairs]
