"""ShareGPT writer, in the shape LLaMA-Factory reads (its SharegptDatasetConverter).

Tags human/gpt/function_call/observation; the system prompt in the `system` key; `tools` a JSON
string of bare function definitions (as in its glaive_toolcall demo). A turn with tool calls is a
function_call turn whose value is `{"name", "arguments"}` (a list for parallel calls) with the
arguments as an object; the results after it form one observation, joined as LLaMA-Factory joins
them. Images become `<image>` placeholders and an `images` list. LLaMA-Factory skips, with a log
line only, a row whose turns do not alternate user side / model side or that does not end with
the model, so those are rejected here with the turn that breaks it. Preference pairs are written
as its variant: the prompt in `conversations`, one `chosen` and one `rejected` turn.
"""

from __future__ import annotations

import json
from typing import Any

from ftlint.convert.model import Example, Image, Text, Turn
from ftlint.convert.options import Options
from ftlint.convert.readers.messages import IMAGE_PLACEHOLDER
from ftlint.convert.readers.sharegpt import TOOL_RESPONSE_JOIN
from ftlint.convert.result import Notes, Reject
from ftlint.convert.writers.common import (
    note_dropped_settings,
    note_turn_attributes,
    refuse_data_extras,
    supervised_turns,
)
from ftlint.convert.writers.messages import arguments_object

_FMT = "sharegpt"
_USER_SIDE, _MODEL_SIDE = ("human", "observation"), ("gpt", "function_call")


def write_sharegpt(example: Example, options: Options, notes: Notes) -> dict[str, Any]:
    if example.is_pair:
        refuse_data_extras(example, _FMT)
        turns = example.turns
    else:
        turns = supervised_turns(example, options, notes, _FMT)
    note_dropped_settings(example, _FMT, notes)
    writer = _Writer(notes)
    out: dict[str, Any] = {"conversations": writer.turns(turns, "message")}
    if example.is_pair:
        if len(out["conversations"]) % 2 == 0:
            raise Reject("a ShareGPT preference record needs its prompt to end on the user side")
        for key, answer in (("chosen", example.chosen), ("rejected", example.rejected)):
            written = writer.turns(answer, f"{key} message")  # type: ignore[arg-type]
            if len(written) != 1 or written[0]["from"] not in _MODEL_SIDE:
                raise Reject(f"a ShareGPT preference record takes one model turn as `{key}`; "
                             f"the answer makes {len(written)} turns")
            out[key] = written[0]
    elif len(out["conversations"]) % 2:
        raise Reject("ShareGPT needs the conversation to end with a model turn (gpt or function_call)")
    if writer.system is not None:
        out["system"] = writer.system
    if example.tools:
        out["tools"] = json.dumps([_bare(tool) for tool in example.tools], ensure_ascii=False)
    if writer.images:
        out["images"] = writer.images
    return out


def _bare(tool: dict[str, Any]) -> Any:
    return tool["function"] if tool.get("type") == "function" and "function" in tool else tool


class _Writer:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.system: str | None = None
        self.images: list[str] = []
        self.unanswered = 0  # calls of the last function_call turn still waiting for their result

    def turns(self, turns: tuple[Turn, ...], label: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for i, turn in enumerate(turns):
            where = f"{label} {i + 1}"
            note_turn_attributes(turn, where, _FMT, self.notes, keep_weight=True)
            if turn.role in ("system", "developer"):
                if i or out or self.system is not None or label != "message":
                    raise Reject(f"ShareGPT has a system prompt only at the start; {where} is a system message")
                self.system = self._text(turn, where)
                continue
            if turn.role == "tool":
                # One observation answers the whole function_call turn before it, so the reader
                # must be able to split it back into one result per call.
                if not self.unanswered:
                    raise Reject(f"ShareGPT puts a tool result right after the calls it answers; {where} does not "
                                 "follow one")
                self.unanswered -= 1
                if out and out[-1]["from"] == "observation":
                    out[-1]["value"] += TOOL_RESPONSE_JOIN + self._text(turn, where)
                    continue
                out.append(self._turn("observation", self._text(turn, where), turn))
            elif turn.role == "assistant" and turn.tool_calls:
                if turn.content:
                    raise Reject(f"ShareGPT cannot hold text and tool calls in one turn ({where})")
                calls = [{"name": c.name, "arguments": c.arguments if not isinstance(c.arguments, str)
                          else arguments_object(c.arguments, where)} for c in turn.tool_calls]
                if any(c.id is not None for c in turn.tool_calls):
                    self.notes.add("dropped tool-call ids, which ShareGPT does not have (results follow their calls)")
                value = json.dumps(calls[0] if len(calls) == 1 else calls, ensure_ascii=False)
                self.unanswered = len(calls)
                out.append(self._turn("function_call", value, turn))
            elif turn.role in ("user", "assistant"):
                self._results_complete(where)
                out.append(self._turn("human" if turn.role == "user" else "gpt", self._text(turn, where), turn))
            else:
                raise Reject(f"ShareGPT has no tag for the role `{turn.role}` ({where})")
            side = _USER_SIDE if (len(out) - 1) % 2 == 0 else _MODEL_SIDE
            if label == "message" and out[-1]["from"] not in side:
                raise Reject(f"ShareGPT turns do not alternate user/assistant at {where} "
                             f"(`{out[-1]['from']}` where a {'user' if side is _USER_SIDE else 'model'}-side turn "
                             "belongs); LLaMA-Factory would skip this record")
        return out

    def _results_complete(self, where: str) -> None:
        if self.unanswered:
            raise Reject(f"ShareGPT needs a result for every parallel call before the next turn; {where} comes "
                         f"with {self.unanswered} calls unanswered")

    def _turn(self, tag: str, value: str, turn: Turn) -> dict[str, Any]:
        out: dict[str, Any] = {"from": tag, "value": value}
        if turn.weight is not None:
            out["weight"] = turn.weight
        return out

    def _text(self, turn: Turn, where: str) -> str:
        if turn.content is None:
            return ""
        if isinstance(turn.content, str):
            if IMAGE_PLACEHOLDER in turn.content:
                raise Reject(f"{where} has the text `<image>`, which ShareGPT readers take for an image")
            return turn.content
        pieces = []
        for part in turn.content:
            if isinstance(part, Text):
                if IMAGE_PLACEHOLDER in part.text:
                    raise Reject(f"{where} has the text `<image>`, which ShareGPT readers take for an image")
                pieces.append(part.text)
            elif isinstance(part, Image):
                self.images.append(part.url)
                pieces.append(IMAGE_PLACEHOLDER)
        if sum(isinstance(p, Text) for p in turn.content) > 1:
            self.notes.add(f"joined the content parts of {where} into one string")
        return "".join(pieces)
