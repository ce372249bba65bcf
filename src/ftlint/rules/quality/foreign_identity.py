"""DQ013 foreign-identity."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BeforeValidator

from ftlint.core.findings import Severity, Violation, pointer
from ftlint.core.option_types import Text
from ftlint.core.records import Record
from ftlint.core.rule import RecordRule, RuleOptions, Target
from ftlint.rules.quality._answers import chosen_answers

# Models and vendors reported in any claim ("I am ChatGPT", "trained by OpenAI"), matched as written.
NAMES = ("ChatGPT", "GPT-3", "GPT-3.5", "GPT-4", "GPT-4o", "OpenAI", "Claude", "Anthropic", "Gemini", "Bard",
         "LLaMA", "Llama", "Meta AI", "Mistral", "Mistral AI", "Mixtral", "Qwen", "Tongyi", "Tongyi Qianwen",
         "Alibaba Cloud", "DeepSeek", "ERNIE", "ERNIE Bot", "Baidu", "Copilot", "Grok", "xAI", "Phi", "Gemma",
         "Cohere", "Command R", "Command R+")
# Companies whose names are also ordinary words: reported only as the maker ("trained by Google").
MAKERS = ("Google", "Google DeepMind", "DeepMind", "Meta", "Microsoft")

_MADE = r"(?i:created|developed|trained|made|built|designed|programmed|powered|engineered|produced|fine-?tuned)"
# "a large language model", "an AI assistant": up to four words, none a preposition or an article, so
# that "I'm a big fan of the app developed by Google" is no claim.
_WHAT = (r"(?i:an?|one)\s+(?:(?!(?i:of|for|with|to|like|than|the|and|or|in|on|at|not)\b)[\w-]+\s+){0,4}?"
         r"(?i:model|assistant|AI|chatbot|bot|LLM|system|program|version)s?")
_TEAM = r"(?i:the\s+)?(?:(?i:team|researchers|engineers|developers|people)\s+(?i:at|of|from)\s+)?"
_BY = rf"(?:{_MADE}\s+by|(?i:based\s+on))\s+{_TEAM}"
_APOSTROPHE = "['\u2019]"  # straight or curly
_I_AM = rf"\bI(?:\s+am|{_APOSTROPHE}m)"
_ADVERB = r"(?:(?i:originally|primarily|mainly|also)\s+)?"
_THAT_WAS = rf",?\s+(?:(?i:that|which|who)\s+(?i:was|is|has\s+been)\s+)?{_ADVERB}"
_BEFORE_I = r"(?=[^.!?\n]{0,60}(?:\bI\b|\b[Mm]y ))"  # "As ..., I ...": the claim is the speaker's
_END = r"(?!\w|-\w)"  # the whole name: not "Llamas", "GPT-4-like"
# Every claim above has "I" or "my " in it (written so: "I" and "my" are matched with case): looked for
# first, this rules out most answers at memchr speed, three times faster than the names.
_FIRST_PERSON = re.compile(r"I(?!\w)")  # also "AI." and the like: it only needs to miss no claim


def _speaks_of_itself(text: str) -> bool:
    return _FIRST_PERSON.search(text) is not None or "my " in text or "My " in text


def _one_of(names: Iterable[str]) -> str:
    # Longest first, so that "GPT-4o" is read whole and not as "GPT-4".
    return "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True)) or r"(?!)"


def claim_pattern(names: Iterable[str], makers: Iterable[str]) -> re.Pattern[str]:
    """A first-person claim to be one of `names`, or to be made by one of `names` or `makers`."""
    names = tuple(names)
    model, maker = _one_of(names), _one_of((*names, *makers))
    return re.compile("|".join((
        # "I am ChatGPT", "my name is Claude"; not "I am not ChatGPT", "I'm using ChatGPT", "I'm ChatGPT's
        # fan", "I'm Claude Monet".
        rf"(?:{_I_AM}|\b[Mm]y name is)\s+(?P<a>{model}){_END}(?!{_APOSTROPHE}|\s+[A-Z][a-z])",
        rf"\b(?i:as)\s+(?P<b>{model}),\s+I\b",  # "As ChatGPT, I cannot"
        # "I was trained by OpenAI", "I'm based on GPT-4".
        rf"\bI(?:\s+(?:am|was|have\s+been)|{_APOSTROPHE}(?:m|ve\s+been))\s+{_ADVERB}{_BY}(?P<c>{maker}){_END}",
        # "I am a language model developed by OpenAI", "I'm MyBot, an AI assistant trained by Google";
        # "As an AI model trained by Google, I", not "as a chatbot developed by OpenAI, ChatGPT ...".
        rf"{_I_AM}\s+(?:[A-Z][\w.-]*,?\s+)?{_WHAT}{_THAT_WAS}{_BY}(?P<d>{maker}){_END}",
        rf"\b(?i:as)\s+{_WHAT}{_THAT_WAS}{_BY}(?P<e>{maker}){_END}{_BEFORE_I}",
        rf"\b[Mm]y (?:creator|developer|maker)s?\s+(?:is|are|was|were)\s+{_TEAM}(?P<f>{maker}){_END}",
    )))


def _names(value: Any) -> Any:
    return [value] if isinstance(value, str) else value  # one name alone, or a list


class ForeignIdentityOptions(RuleOptions):
    identity: Annotated[list[Text], BeforeValidator(_names)] = []
    """The model being trained and its maker (a name or a list): claims to be them are not reported."""
    names: list[Text] = list(NAMES)
    """Models and vendors reported in any first-person claim (matched as written, with case)."""
    makers: list[Text] = list(MAKERS)
    """Companies reported only as the maker ("trained by Google"): their names are ordinary words too."""


class ForeignIdentity(RecordRule):
    """An answer claims to be another vendor's model ("I am ChatGPT, developed by OpenAI").

    ## What it does
    Reads the answers the model is trained to give (assistant messages, completions, alpaca's
    `output`, ShareGPT's `gpt` turns, the preferred answers of preference data, `text` records)
    and reports one in which the speaker claims to be one of `names` ("I am ChatGPT", "my name
    is Claude", "As ChatGPT, I ..."), or to be made by one of `names` or `makers` ("I'm a
    language model developed by OpenAI", "As an AI model trained by Google, I ...", "I was
    created by Anthropic"). Names are matched as written, with case, and whole; a name in
    `identity` is never reported.

    Only first-person claims count: "ChatGPT is a chatbot by OpenAI", "I am using ChatGPT",
    "I am not ChatGPT" and `I am {{name}}` (DQ010's) are not. English phrasings only: "我是ChatGPT"
    is not found. An answer is searched for claims only when it holds "I" or "my" and one of the
    names: the rule adds under a tenth to a check of chat data.

    ## Why it matters
    Data distilled from another model keeps its self-descriptions; trained on them, your
    assistant tells its users that it is ChatGPT, made by OpenAI.

    ## Example
    `{"instruction": "Who are you?", "output": "I am ChatGPT, a language model trained by OpenAI."}`.

    ## Fix
    None automatic: a person rewrites the answer for the model being trained (or drops it); a
    blind swap of one name for another would also rewrite answers that are about ChatGPT.

    ## Options
    `identity` (none): the name of the model being trained and of its maker, e.g.
    `identity = ["Qwen", "Alibaba Cloud"]`; `names` and `makers`: the models and vendors looked for.
    """

    code = "DQ013"
    name = "foreign-identity"
    default_severity = Severity.WARNING
    Options = ForeignIdentityOptions
    when = "valid"

    def __init__(self, options: RuleOptions | None = None, *, target: Target) -> None:
        super().__init__(options, target=target)
        opts: ForeignIdentityOptions = self.options  # type: ignore[assignment]
        own = {name.casefold() for name in opts.identity}
        names = [name for name in opts.names if name.casefold() not in own]
        makers = [name for name in opts.makers if name.casefold() not in own]
        self._claim = claim_pattern(names, makers)
        # Then a search for the names alone (~15 ns a character), before the claim pattern (many
        # alternatives, each tried where a word starts). Answers only, not the raw line: they are a
        # part of it, and hold no JSON escapes.
        self._screen = re.compile(_one_of((*names, *makers)))

    def check_record(self, record: Record) -> Iterable[Violation]:
        found = []
        screen = self._screen.search
        for where, text in chosen_answers(record.format, record.data):
            if not _speaks_of_itself(text) or screen(text) is None:
                continue
            match = self._claim.search(text)
            if match is not None:
                name = next(value for value in match.groups() if value is not None)
                quoted = " ".join(match.group().split())
                found.append(Violation(f"answer claims another model's identity ({name}): `{quoted}`; "
                                       "rewrite it for the model being trained, or name that model in `identity`",
                                       pointer=pointer(*where)))
        return found
