"""The settings a config file, a profile or the command line can give, validated by pydantic."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator

from ftlint.core.lazy_model import LazyModel
from ftlint.core.option_types import Allowed, Count, Field, Flag, Text

SeverityName = Literal["error", "warning", "info"]
OutputFormat = Literal["text", "json", "github", "sarif", "junit", "markdown"]


def _known_format(name: str) -> str:
    from ftlint.core.formats import FORMAT_BY_NAME  # the record formats' typed views: only when a config names one

    if name not in FORMAT_BY_NAME:
        raise ValueError(f"`{name}` is not a record format; one of {', '.join(FORMAT_BY_NAME)}")
    return name


RecordFormat = Annotated[str, AfterValidator(_known_format), Allowed("a record format name")]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Settings(LazyModel):
    """One layer of settings; layers (profile chain, config file, flags) are merged by `merged`."""

    # A plain class whose pydantic validator is built only when a user's file needs checking (ftlint's
    # own profiles are checked by the tests and loaded with `trusted`): see `ftlint.core.lazy_model`.
    model_settings = {"extra": "forbid", "alias_generator": _kebab, "populate_by_name": True}

    extends: Text | None = None
    """A profile name from `rules/profiles/`, or a path ending in `.toml` to another file with these
    keys, relative to this one (a user's config may call it `profile`)."""
    model: Text | None = None
    provider: Text | None = None
    """Whose rules a profile applies, as named in messages ("Together"); unset: provider-neutral."""
    min_examples: Count | None = None
    """Fewest examples a file needs when no model is named (a model's own minimum wins)."""
    max_tokens: Count | None = None
    """Longest example in tokens when no model is named (a model's own limit wins)."""
    formats: Annotated[list[RecordFormat], Field(min_length=1)] | None = None
    # Selectors are never empty: "" would be a prefix of every code, and so select or ignore them all.
    select: list[Text] | None = None
    """Rules to run, by code, prefix (`PI`) or name; `ALL` for every rule that is not opt-in."""
    # Plain empty defaults, which pydantic copies for each instance: a `default_factory` of a builtin
    # makes pydantic inspect its signature, which compiles the tokenizer's patterns (~10 ms a run).
    extend_select: list[Text] = []
    """Rules to run besides the profile's selection."""
    ignore: list[Text] = []
    """Rules never to run, by code, prefix or name."""
    per_file_ignores: dict[Text, list[Text]] = {}
    """Rules not reported for the files a glob matches (`"valid/*.jsonl" = ["DQ001"]`)."""
    severity: dict[Text, SeverityName] = {}
    """A severity for a rule or a prefix (`PI = "warning"`), instead of the profile's."""
    fail_on: SeverityName | None = None
    """The least severity that makes a check exit 1 (default `error`)."""
    input_format: RecordFormat | None = None
    """Read every record as this format instead of detecting it."""
    output_format: OutputFormat | None = None
    """How findings are printed (default `text`; `github` under GitHub Actions)."""
    # Each rule's table is checked by that rule's own options model (`ftlint.config.options`).
    rules: dict[str, dict[str, Any]] = {}
    label_field: str | None = Field(None, pattern=r"^(/[^/]*)+$")
    """A JSON pointer to each record's class label (`/metadata/label`): the data is classification."""
    show_pii: Flag | None = None
    """Quote personal data in findings as found instead of masked (`--show-pii`)."""
    eval_files: list[Text] = []
    """Evaluation sets (any format ftlint reads) whose items training records must not contain (DQ015;
    `--eval`), relative to the file that names them."""
    plugins: list[Text] = []
    """Local rule files (`./my_rules.py`), relative to the file that names them; loaded as it is read."""
    strict_plugins: Flag | None = None
    """A plugin that cannot be loaded stops the run (exit 2) instead of being skipped (`--strict-plugins`)."""
    exclude: list[Text] | None = None
    """Files and folders a directory search or a glob leaves out: a name anywhere (`raw`, `*.tmp.jsonl`),
    or a path relative to the config file's folder (`data/scratch`). Replaces an extended config's list."""
    extend_exclude: list[Text] = []
    """More exclude patterns, added to `exclude` (and to those of a config this one extends)."""
    force_exclude: Flag | None = None
    """Leave out excluded paths even when named on the command line (as pre-commit names every file)."""
    # Rules whose options come only from ftlint's own profiles: built without validation (pydantic
    # builds a validator per options model, ~20 ms each, on every run); the tests validate them.
    _trusted_rules: frozenset[str] = frozenset()
    # The folder of the config file the run read (else the working folder), set by the command: a path
    # named on the command line is judged by the excludes with its folders up to this one.
    _folder: Path | None = None

    @property
    def trusted_rules(self) -> frozenset[str]:
        return self._trusted_rules

    @property
    def folder(self) -> Path | None:
        return self._folder

    @property
    def excludes(self) -> list[str]:
        """Every exclude pattern: `exclude` and `extend-exclude` (anchored by the loader)."""
        return [*(self.exclude or []), *self.extend_exclude]

    def merged(self, top: Settings) -> Settings:
        """These settings overlaid by `top`: scalars and `select` replaced, lists extended, tables merged."""
        given = top.model_fields_set
        rules = {code: dict(options) for code, options in self.rules.items()}
        for code, options in top.rules.items():
            rules.setdefault(code, {}).update(options)
        merged = Settings.model_construct(
            extends=None,
            model=top.model if "model" in given else self.model,
            provider=top.provider if "provider" in given else self.provider,
            min_examples=top.min_examples if "min_examples" in given else self.min_examples,
            max_tokens=top.max_tokens if "max_tokens" in given else self.max_tokens,
            formats=top.formats if "formats" in given else self.formats,
            select=top.select if "select" in given else self.select,
            extend_select=[*self.extend_select, *top.extend_select],
            ignore=[*self.ignore, *top.ignore],
            per_file_ignores={**self.per_file_ignores, **top.per_file_ignores},
            severity={**self.severity, **top.severity},
            fail_on=top.fail_on if "fail_on" in given else self.fail_on,
            input_format=top.input_format if "input_format" in given else self.input_format,
            output_format=top.output_format if "output_format" in given else self.output_format,
            rules=rules,
            label_field=top.label_field if "label_field" in given else self.label_field,
            show_pii=top.show_pii if "show_pii" in given else self.show_pii,
            eval_files=[*self.eval_files, *top.eval_files],
            plugins=[*self.plugins, *top.plugins],
            strict_plugins=top.strict_plugins if "strict_plugins" in given else self.strict_plugins,
            exclude=top.exclude if "exclude" in given else self.exclude,
            extend_exclude=[*self.extend_exclude, *top.extend_exclude],
            force_exclude=top.force_exclude if "force_exclude" in given else self.force_exclude,
        )
        merged._trusted_rules = (self._trusted_rules - set(top.rules)) | top._trusted_rules
        merged._folder = top._folder if top._folder is not None else self._folder
        return merged


    @classmethod
    def trusted(cls, table: dict[str, Any]) -> Settings:
        """Settings from a table known to be valid (ftlint's own profiles), without validating."""
        settings = cls.model_construct(**{key.replace("-", "_"): value for key, value in table.items()})
        settings._trusted_rules = frozenset(settings.rules)
        return settings


class ConfigError(Exception):
    """A config file, profile or option that cannot be used. Exit code 2."""

