"""The generated JSON Schema of the configuration agrees with what ftlint accepts: every profile and good
config validates, and what ftlint rejects (an unknown key, a bad severity, a rule option it does not
have or of the wrong type) the schema rejects too. (`tests/test_generated.py` fails when it is stale.)"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest

from ftlint.config.loader import read_settings
from ftlint.config.model import ConfigError
from tests.conftest import REPO

SCHEMA = json.loads((REPO / "rules" / "schemas" / "config.schema.json").read_text())


def _schema_errors(table: dict[str, object]) -> list[str]:
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [error.message for error in validator.iter_errors(table)]


def test_the_schema_is_a_valid_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("profile", sorted(p.name for p in (REPO / "rules" / "profiles").glob("*.toml")))
def test_every_profile_validates(profile: str) -> None:
    table = tomllib.loads((REPO / "rules" / "profiles" / profile).read_text())
    assert _schema_errors(table) == []


GOOD = [
    'profile = "trl"\nselect = ["CH", "PI002"]\nfail-on = "warning"\n',
    'extends = "openai"\nmodel = "gpt-4.1-mini-2025-04-14"\ninput-format = "chat"\n[severity]\nPI = "warning"\n',
    '[per-file-ignores]\n"valid/*.jsonl" = ["DQ001"]\n[rules.phone-number]\nmin-score = 0.6\nplaceholder = "type"\n',
    '[rules.TL004]\nrequire-id = false\n[rules.DQ012]\nthreshold = 0.9\n',
    'label-field = "/metadata/label"\nshow-pii = true\noutput-format = "sarif"\n',
    'exclude = ["data/raw", "*.tmp.jsonl"]\nextend-exclude = ["scratch/"]\nforce-exclude = true\n',
]

BAD = [
    'selct = ["CH"]\n',  # an unknown key
    '[severity]\nCH001 = "fatal"\n',  # not a severity
    '[rules.phone-number]\nmin-scor = 0.6\n',  # an option the rule does not have
    '[rules.PI002]\nmin-score = "high"\n',  # an option of the wrong type
    'input-format = "csv"\n',  # not a record format
    'profile = "trl"\nextends = "openai"\n',  # both
    'fail-on = "warning"\nmax-tokens = 0\n',  # below the least
    'exclude = "data/raw"\n',  # one pattern, not a list of them
]


@pytest.mark.parametrize("text", GOOD)
def test_good_configs_pass_both(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ftlint.toml"
    path.write_text(text)
    read_settings(path)
    assert _schema_errors(tomllib.loads(text)) == []


@pytest.mark.parametrize("text", BAD)
def test_bad_configs_fail_both(tmp_path: Path, text: str) -> None:
    path = tmp_path / "ftlint.toml"
    path.write_text(text)
    with pytest.raises(ConfigError):
        read_settings(path)
    assert _schema_errors(tomllib.loads(text))


def test_every_rule_has_its_options_by_code_and_by_name() -> None:
    from ftlint.rules.registry import builtin_rules

    tables = SCHEMA["properties"]["rules"]["properties"]
    for rule in builtin_rules():
        assert tables[rule.code] == tables[rule.name] == {"$ref": f"#/$defs/{rule.code}"}
        assert set(SCHEMA["$defs"][rule.code]["properties"]) == set(rule.Options.validator().model_json_schema(
            by_alias=True).get("properties", {}))
