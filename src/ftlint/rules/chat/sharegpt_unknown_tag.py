"""CH008 sharegpt-unknown-tag."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from ftlint.core.edits import SetValue
from ftlint.core.findings import Applicability, Fix, Severity, Violation, pointer
from ftlint.core.option_types import Field, Text
from ftlint.core.rule import FixAvailability, RuleOptions
from ftlint.rules.chat._sharegpt import KNOWN_TAGS, LLAMAFACTORY_SKIPS, TAG_SIDES, ShareGptFacts, ShareGptRule

# Tags seen in exported data that no reader maps, and the known tag they most likely mean.
_LIKELY = {"model": "gpt", "chatgpt": "gpt", "bard": "gpt", "bing": "gpt", "bot": "gpt", "ai": "gpt",
           "function": "function_call", "tool_call": "function_call", "ipython": "observation",
           "tool_response": "observation", "prompter": "human"}


class ShareGptTagOptions(RuleOptions):
    tags: Annotated[frozenset[Text], Field(min_length=1)] | None = None
    """The tags the target knows (default: every tag a common reader knows)."""


class ShareGptUnknownTag(ShareGptRule):
    """A ShareGPT turn's `from` is a tag no common reader knows.

    ## What it does
    Reports a `from` (in `conversations`, `chosen` or `rejected`) other than the tags the common
    readers know by default: `human`, `user`, `observation`, `tool` (user side), `gpt`,
    `assistant`, `function_call` (model side) and `system`. Tags are case-sensitive: a known tag
    in the wrong case or with stray whitespace (`Human`, `gpt `) is named as such.

    ## Why it matters
    LLaMA-Factory (`SharegptDatasetConverter` in src/llamafactory/data/converter.py, tags from
    `DatasetAttr` in parser.py) knows `human`, `gpt`, `observation`, `function_call` and `system`;
    any other tag fails its turn check and the row is skipped with only a log line ("Invalid role
    tag in ..."); an unknown tag on `chosen` or `rejected` makes it raise a KeyError. Axolotl's
    `chat_template` loader maps `human`/`user`, `gpt`/`assistant`, `system` and `tool`
    (`ChatTemplatePrompter` in src/axolotl/prompt_strategies/chat_template.py) and passes any other
    role unchanged to the chat template, which drops or rejects it. Gemini's `model` and Llama's
    `ipython` are known to neither reader's ShareGPT path.

    ## Example
    `{"from": "model", "value": "Hello!"}`.

    ## Fix
    `ftlint fix` writes a known tag in the wrong case or with stray whitespace as the tag (a safe
    fix). Other tags: use a known one, or map yours in LLaMA-Factory's `dataset_info.json` (`tags`)
    or Axolotl's `roles:`.

    ## Options
    `tags`: the tags the target knows, when it knows fewer than all of the above (LLaMA-Factory's
    defaults are `human`, `gpt`, `observation`, `function_call` and `system`: its profile sets them).
    """

    code = "CH008"
    name = "sharegpt-unknown-tag"
    default_severity = Severity.ERROR
    fix_availability = FixAvailability.SOMETIMES
    Options = ShareGptTagOptions

    def check_conversation(self, view: dict[str, Any], facts: ShareGptFacts) -> Iterable[Violation]:
        only: frozenset[str] | None = self.options.tags  # type: ignore[attr-defined]
        if facts.known and only is None:
            return ()
        turns = [(pointer("conversations", index, "from"), tag) for index, tag in enumerate(facts.tags)]
        turns += [(pointer(key, "from"), view[key]["from"]) for key in ("chosen", "rejected") if key in view]
        found = []
        for where, tag in turns:
            if tag not in TAG_SIDES:
                found.append(_unknown(where, tag))
            elif only is not None and tag not in only:
                found.append(_not_for_target(where, tag, only))
        return found


def _not_for_target(where: str, tag: str, known: frozenset[str]) -> Violation:
    return Violation(f"tag `{tag}` is not one the target knows without a tag mapping ({', '.join(sorted(known))}); "
                     f"{LLAMAFACTORY_SKIPS} unless `dataset_info.json` maps it in `tags`", pointer=where)


def _unknown(where: str, tag: str) -> Violation:
    known = tag.strip().lower()
    if known in TAG_SIDES:
        fix = Fix(f"write the tag as `{known}`", Applicability.SAFE, (SetValue(where, known, only_if=tag),))
        return Violation(f"tag `{tag}` must be written `{known}`; readers compare tags exactly", pointer=where,
                         fix=fix)
    hint = f"; `{_LIKELY[known]}` is likely meant" if known in _LIKELY else ""
    return Violation(f"unknown tag `{tag}`{hint}; the readers know {', '.join(KNOWN_TAGS)}", pointer=where)
