"""Generated files are up to date, and the generated JSON Schemas agree with the typed views."""

from __future__ import annotations

import json

import jsonschema
import pytest

from ftlint._dev.generate import main as generate
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.formats.validate import validate_record
from ftlint.core.rule import FixAvailability
from ftlint.rules.registry import BUILTIN_RULES, FAMILIES
from tests.conftest import REPO

SAMPLES = {
    "chat": ({"messages": [{"role": "user", "content": [{"type": "text", "text": "hi"}]},
                           {"role": "assistant", "content": None,
                            "tool_calls": [{"id": "c", "type": "function",
                                            "function": {"name": "f", "arguments": "{}"}}]}]},
             {"messages": [{"role": "user", "content": 5}]}),
    "prompt_completion": ({"prompt": "a", "completion": "b"}, {"prompt": "a"}),
    # TRL's conversational prompt/completion, and Together's multimodal instruction records.
    "prompt_completion/conversational": ({"prompt": [{"role": "user", "content": "q"}],
                                          "completion": [{"role": "assistant", "content": "a"}]},
                                         {"prompt": [{"role": "user", "content": "q"}], "completion": [5]}),
    "prompt_completion/parts": ({"prompt": [{"type": "text", "text": "how many?"},
                                            {"type": "image_url", "image_url": {"url": "data:image/png;base64,AA"}}],
                                 "completion": [{"type": "text", "text": "7"}]},
                                {"prompt": [{"type": "image_url", "image_url": {"url": 5}}], "completion": "7"}),
    "prompt_only": ({"prompt": [{"role": "user", "content": "2+2?"}], "ground_truth": "4"}, {"prompt": 4}),
    "kto": ({"prompt": "q", "completion": "a", "label": False}, {"prompt": "q", "completion": "a", "label": 1}),
    "preference": ({"input": {"messages": [{"role": "user", "content": "q"}]},
                    "preferred_output": [{"role": "assistant", "content": "a"}],
                    "non_preferred_output": [{"role": "assistant", "content": "b"}]},
                   {"input": {"messages": []}, "preferred_output": "a", "non_preferred_output": []}),
    "preference_trl": ({"prompt": "q", "chosen": "a", "rejected": "b"}, {"prompt": "q", "chosen": 1, "rejected": "b"}),
    "preference_trl/implicit": ({"chosen": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}],
                                 "rejected": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "b"}]},
                                {"chosen": "The sky is blue.", "rejected": None}),
    "text": ({"text": "t"}, {"text": "t", "extra": 1}),
    "preference_lf": ({"chosen_messages": [{"role": "user", "content": [{"type": "text", "value": "q"}],
                                            "loss_weight": 0.0}],
                       "rejected_messages": [{"role": "user", "content": [{"type": "text", "value": "q"}]}]},
                      {"chosen_messages": [{"role": "human", "content": []}], "rejected_messages": []}),
    "input_output": ({"segments": [{"label": False, "text": "Q: "}, {"label": True, "text": "A"}]},
                     {"segments": [{"text": "no label"}]}),
    "alpaca": ({"instruction": "i", "input": "", "output": "o"}, {"instruction": "i"}),
    "sharegpt": ({"conversations": [{"from": "human", "value": "hi"}]}, {"conversations": [{"from": "human"}]}),
    # Grader fields are allowed beside the messages; a message still has to be a message.
    "rft": ({"messages": [{"role": "user", "content": "3 3 8 8"}], "answer": "8/(3-8/3)"},
            {"messages": [{"content": "3 3 8 8"}], "answer": "24"}),
}


def test_generated_files_are_not_stale() -> None:
    assert generate(["--check"]) == 0, "run: python -m ftlint._dev.generate"


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_schema_and_typed_view_agree(name: str) -> None:
    fmt = name.split("/")[0]  # `format/variant`: more samples of one format
    schema = json.loads((REPO / "rules" / "schemas" / f"{fmt}.schema.json").read_text())
    good, bad = SAMPLES[name]
    jsonschema.Draft202012Validator(schema).validate(good)
    assert validate_record(FORMAT_BY_NAME[fmt], good) == (good, [])
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)
    assert validate_record(FORMAT_BY_NAME[fmt], bad)[1] != []


def test_every_format_has_samples() -> None:
    assert {name.split("/")[0] for name in SAMPLES} == set(FORMAT_BY_NAME)


@pytest.mark.parametrize("rule", BUILTIN_RULES, ids=lambda r: r.code)
def test_rule_metadata_and_docstring_sections(rule: type) -> None:
    assert rule.code[:2] in FAMILIES and rule.code[2:].isdigit() and len(rule.code) == 5
    assert rule.name == rule.name.lower() and " " not in rule.name
    doc = rule.documentation()
    for section in ("## What it does", "## Why it matters", "## Example", "## Fix", "## Options"):
        assert section in doc, f"{rule.code} lacks {section}"
    assert rule.summary().endswith(".")
    fix_section = doc.split("## Fix", 1)[1].split("## Options", 1)[0]
    assert ("`ftlint fix" in fix_section) == (rule.fix_availability is not FixAvailability.NEVER), rule.code


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in BUILTIN_RULES}) == len(BUILTIN_RULES)
    assert len({r.name for r in BUILTIN_RULES}) == len(BUILTIN_RULES)


def test_shipped_profiles_are_valid_settings() -> None:
    """Profiles are loaded without validation at run time (`Settings.trusted`), so check them here."""
    import tomllib

    from ftlint.config.loader import profiles_dir
    from ftlint.config.model import Settings
    from ftlint.config.selection import trusted_options
    from ftlint.rules.registry import rules_by_code

    profiles = sorted(profiles_dir().glob("*.toml"))
    assert profiles
    rules = rules_by_code()
    for path in profiles:
        table = tomllib.loads(path.read_text())
        assert Settings.model_validate(table).model_dump() == Settings.trusted(table).model_dump(), path.name
        # ... and so are the rule options a profile sets (`trusted_options`, not validated at run time).
        for code, options in table.get("rules", {}).items():
            validated = rules[code].Options.model_validate(options)
            assert trusted_options(rules[code].Options, options) == validated, (path.name, code)
