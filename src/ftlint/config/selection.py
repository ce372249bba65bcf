"""From settings to a rule pack: which rules run, with which severity, options and target."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from fnmatch import fnmatch

from ftlint.config.loader import trained_by
from ftlint.config.local_model import hub_like, local_model_spec, looks_local
from ftlint.config.model import ConfigError, Settings
from ftlint.config.options import rule_code, trusted_options, validated_options
from ftlint.core.engine.pack import RulePack
from ftlint.core.findings import Finding, Severity
from ftlint.core.formats import FORMAT_BY_NAME
from ftlint.core.models import (
    ModelSpec,
    UnknownModelError,
    known_models,
    provider_title,
    resolve_model,
    today,
    usable_models,
)
from ftlint.core.rule import EvalFile, Rule, Target
from ftlint.rules._table import entry_of

ALL = "ALL"


def matching_codes(selector: str, rules: Mapping[str, type[Rule]], *, selecting: bool = False) -> set[str]:
    """Codes a selector names: `ALL`, a code, a code prefix (`FL`, `FL00`) or a rule name.

    When `selecting`, `ALL` and prefixes leave out opt-in rules, which only their code or name
    selects; ignoring, severities and per-file ignores reach every rule.
    """
    # Names and opt-in flags come from the rules' entries: selecting imports no rule module.
    by_name = {entry_of(rules, code).name: code for code in rules}
    if selector in by_name:
        return {by_name[selector]}
    if selector.upper() in rules:
        return {selector.upper()}
    # "" is a prefix of every code: refused rather than taken to mean every rule.
    prefix = selector.upper()
    found = set(rules) if selector == ALL else {code for code in rules if prefix and code.startswith(prefix)}
    if not found:
        raise ConfigError(f"`{selector}` selects no rule; use a code (FL005), a prefix (FL), a name or ALL")
    return {code for code in found if not (selecting and entry_of(rules, code).opt_in)}


def selected_codes(settings: Settings, rules: Mapping[str, type[Rule]]) -> set[str]:
    chosen: set[str] = set()
    for selector in settings.select if settings.select is not None else [ALL]:
        chosen |= matching_codes(selector, rules, selecting=True)
    for selector in settings.extend_select:
        chosen |= matching_codes(selector, rules, selecting=True)
    for selector in settings.ignore:
        chosen -= matching_codes(selector, rules)
    return chosen


# The limits assumed when neither a model nor the profile names one: 32,768 tokens is the smallest
# context of the common current targets (Qwen 2.5/3 and Mistral 7B natively, gpt-4.1-nano), counted
# with o200k_base; a local trainer's own `max_length` may cut earlier.
NEUTRAL_MAX_TOKENS = 32768
NEUTRAL_ENCODING = "o200k_base"


def build_target(settings: Settings, profile: str, *, on: datetime.date | None = None) -> Target:
    """The target of a run; a model retired by `on` (default today) is an error."""
    if settings.model:
        model = _named_model(settings.model, on or today(), settings.max_tokens or NEUTRAL_MAX_TOKENS)
    else:
        model = _stand_in(settings, profile)
    if settings.formats:
        formats = frozenset(settings.formats)
    else:
        formats = frozenset(model.formats) if model.formats is not None else frozenset(FORMAT_BY_NAME)
    unknown = formats - set(FORMAT_BY_NAME)
    if unknown:
        raise ConfigError(f"unknown record format {', '.join(sorted(unknown))}; known: {', '.join(FORMAT_BY_NAME)}")
    if model.formats is not None and not formats & set(model.formats):
        raise ConfigError(
            f"model {model.name} trains on {', '.join(model.formats)} records, but profile `{profile}` takes "
            f"{', '.join(sorted(formats))}; choose a profile for that model (e.g. --profile openai-legacy for "
            "davinci-002 and babbage-002) or another model"
        )
    return Target(profile=profile, model=model, formats=formats, label_field=settings.label_field,
                  show_pii=bool(settings.show_pii), provider=settings.provider, trained_by=trained_by(),
                  eval_files=eval_files(settings.eval_files))


def eval_files(names: list[str]) -> tuple[EvalFile, ...]:
    """The evaluation files named (`--eval`, `eval-files`), each read once here so that one that cannot
    be used stops the run (exit 2) before any record is checked."""
    if not names:
        return ()
    import os
    from pathlib import Path

    from ftlint.core.engine.cache import content_hash
    from ftlint.rules.quality._eval_sets import EvalFileError, read_items

    found = []
    for name in dict.fromkeys(names):  # each once, in the order given
        path = Path(name)
        try:  # as the findings name files: relative to where the run is (a config's own are absolute here)
            display = os.path.relpath(path) if path.is_absolute() else name
        except ValueError:  # another drive
            display = name
        if not path.is_file():
            raise ConfigError(f"eval file {display}: {'is a directory' if path.is_dir() else 'no such file'}")
        try:
            read_items(str(path), display)
            found.append(EvalFile(str(path.resolve()), display, content_hash(path)))
        except (EvalFileError, OSError) as exc:
            raise ConfigError(str(exc)) from None
    return tuple(found)


def _named_model(name: str, on: datetime.date, fallback_max_tokens: int) -> ModelSpec:
    if looks_local(name):  # a model's own tokenizer on disk
        return local_model_spec(name, fallback_max_tokens)
    try:
        model = resolve_model(name)
    except UnknownModelError as exc:
        if hub_like(name):  # a hub name ftlint does not know: its tokenizer, if it is in the local cache
            return local_model_spec(name, fallback_max_tokens)
        raise ConfigError(str(exc)) from None
    if model.provider == "open-weight" and hub_like(name):
        # A known open-weight model by its hub name: its own tokenizer when it is in the local cache,
        # else the o200k estimate its models.toml entry names.
        try:
            return local_model_spec(name, fallback_max_tokens, known=model)
        except ConfigError:
            return model
    if model.retired and model.retired <= on:
        remaining = ", ".join(usable_models(model.provider or "", on)) or "none"
        raise ConfigError(f"{model.name} was retired on {model.retired.isoformat()} and can no longer be "
                          f"fine-tuned; {provider_title(model.provider)} models that still can: {remaining}")
    if model.jobs_until and model.jobs_until < on:
        raise ConfigError(f"{provider_title(model.provider)} stopped creating fine-tuning jobs for {model.name} after "
                          f"{model.jobs_until.isoformat()}; choose another target (--profile trl, together, "
                          "fireworks or mistral)")
    return model


def _stand_in(settings: Settings, profile: str) -> ModelSpec:
    """The limits of a profile that names no model: its own, or the neutral ones."""
    return ModelSpec(
        name="",
        encoding=NEUTRAL_ENCODING,
        max_tokens=settings.max_tokens or NEUTRAL_MAX_TOKENS,
        min_examples=settings.min_examples or 1,
        price_per_1m=None,
        formats=None,
        source=f"profile `{profile}`",
        read="",
        image_cost=None,  # no model, no image rule of its own: counting takes gpt-4o's (image_cost_for_counting)
    )


def notices(target: Target) -> list[str]:
    """What a run for this target says once, whatever it finds: OpenAI's wind-down."""
    if target.provider != "OpenAI":
        return []
    return openai_notices(target.model)


def openai_notices(model: ModelSpec | None = None) -> list[str]:
    """OpenAI's wind-down of self-serve fine-tuning (and `model`'s shutdown date), for a check with its
    profile and for every use of the OpenAI backend."""
    closing = min((spec.jobs_until for spec in known_models().values() if spec.jobs_until), default=None)
    if closing is None:
        return []
    alternatives = ("Local training (--profile trl, axolotl, llamafactory) and Together, Fireworks and Mistral "
                    "take this data too: `--profile NAME` checks it by their rules.")
    if closing < today():
        return [f"OpenAI's self-serve fine-tuning closed to new jobs after {closing.isoformat()}. {alternatives}"]
    shutdown = f"; {model.name} shuts down on {model.retired.isoformat()}" if model and model.retired else ""
    return [f"OpenAI's self-serve fine-tuning closes to new jobs on {closing.isoformat()}{shutdown}. {alternatives}"]


def build_pack(settings: Settings, rules: Mapping[str, type[Rule]], target: Target) -> RulePack:
    codes = selected_codes(settings, rules)
    # Only the rules that run are looked up, so only their modules are imported.
    runnable = [code for code in sorted(codes) if runs_for(rules, code, target)]
    options = {}
    for key, table in settings.rules.items():
        code = rule_code(key, rules, "")
        if key in settings.trusted_rules:
            if code in runnable:  # a profile's options of a rule that does not run are never read
                options[code] = trusted_options(rules[code].Options, table)
        else:
            # A user's files were checked as they were read (naming the file); this checks the merged table.
            options[code] = validated_options(key, table, rules)
    severities = {}
    for selector, level in settings.severity.items():
        for code in matching_codes(selector, rules):
            severities[code] = Severity.parse(level)
    missing = {code: reason for code in runnable if (reason := rules[code].unavailable())}
    notes = tuple(f"{code} ({rules[code].name}): {reason}" for code, reason in missing.items())
    instances = tuple(rules[code](options.get(code), target=target) for code in runnable if code not in missing)
    return RulePack(instances, severities, notes=notes)


def runs_for(rules: Mapping[str, type[Rule]], code: str, target: Target) -> bool:
    """Whether a selected rule means anything for the target: its records are ones the target takes
    (records of other formats get SC006, not the details of a format nobody will train on)."""
    entry = entry_of(rules, code)
    reads = entry.formats is None or bool(entry.formats & target.formats)
    return reads and (not entry.own_active or rules[code].active(target))


def per_file_filter(settings: Settings, rules: Mapping[str, type[Rule]]) -> Callable[[Finding], bool]:
    """A predicate that drops findings ignored for their file by `per-file-ignores`."""
    patterns: list[tuple[str, set[str]]] = [
        (pattern, _codes(selectors, rules)) for pattern, selectors in settings.per_file_ignores.items()
    ]
    if not patterns:
        return lambda finding: True

    def keep(finding: Finding) -> bool:
        return not any(finding.code in codes and _path_matches(finding.path, pattern) for pattern, codes in patterns)

    return keep


def _codes(selectors: Iterable[str], rules: Mapping[str, type[Rule]]) -> set[str]:
    found: set[str] = set()
    for selector in selectors:
        found |= matching_codes(selector, rules)
    return found


def _path_matches(path: str, pattern: str) -> bool:
    normalised = path.replace("\\", "/").removeprefix("./")
    return fnmatch(normalised, pattern) or fnmatch(normalised.rsplit("/", 1)[-1], pattern)
