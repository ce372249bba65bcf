"""Validate a record against its format's typed view and turn pydantic's errors into plain issues.

Pydantic reports a failed union once per member (`content` is neither `str` nor `list[...]`), with
member tags mixed into the location. Users need one issue per place, with a JSON pointer into their
own data, in our words. So each error's location is walked against the record to separate real keys
from member tags, and the errors of one union are reduced to the branch that got furthest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from ftlint.core.findings import pointer
from ftlint.core.formats import RecordFormat

IssueKind = Literal["missing", "unknown", "type"]

_EXPECTED_BY_ERROR = {
    "string_type": "a string",
    "int_type": "an integer",
    "int_from_float": "an integer",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "typed_dict_type": "an object",
    "model_attributes_type": "an object",
    "none_required": "null",
}


@dataclass(frozen=True)
class SchemaIssue:
    kind: IssueKind
    pointer: str
    message: str


@dataclass
class _Error:
    path: tuple[str | int, ...]  # keys and indexes that exist in the record
    tags: tuple[tuple[int, str], ...]  # (depth in path, union member tag)
    type: str
    key: str | None  # the missing or unknown key
    message: str


def validate_record(fmt: RecordFormat, record: Any) -> tuple[Any, list[SchemaIssue]]:
    """(the typed view, []) when `record` fits `fmt`; else (None, every structural problem).

    The view is pydantic's output: the same values with each object's keys in the order the format
    declares them, whatever order the file used.
    """
    try:
        return fmt.adapter.validate_python(record), []
    except ValidationError as exc:
        errors = [_locate(e, record) for e in exc.errors(include_url=False, include_input=False)]
        return None, _to_issues(_reduce_unions(errors), record)


def describe(value: Any) -> str:
    """A JSON type name for a value, as a user would say it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _locate(error: Any, record: Any) -> _Error:
    loc = error["loc"]
    node, path, tags = record, [], []
    for position, token in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(node, dict) and isinstance(token, str) and token in node:
            if last and error["type"] == "extra_forbidden":
                return _Error(tuple(path), tuple(tags), error["type"], token, error["msg"])
            node = node[token]
            path.append(token)
        elif isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node):
            node = node[token]
            path.append(token)
        elif last and error["type"] == "missing":
            return _Error(tuple(path), tuple(tags), "missing", str(token), error["msg"])
        else:
            tags.append((len(path), str(token)))
    return _Error(tuple(path), tuple(tags), error["type"], None, error["msg"])


def _reduce_unions(errors: list[_Error]) -> list[_Error]:
    """Keep, for every union, only the errors of the branch that matched the value's type."""
    sites: dict[tuple[str | int, ...], list[_Error]] = {}
    plain: list[_Error] = []
    for err in errors:
        if err.tags:
            depth = err.tags[0][0]
            sites.setdefault(err.path[:depth], []).append(err)
        else:
            plain.append(err)
    for site, site_errors in sites.items():
        by_branch: dict[str, list[_Error]] = {}
        for err in site_errors:
            by_branch.setdefault(err.tags[0][1], []).append(err)
        # The branch that got furthest; between equals (two kinds of list: messages or content
        # parts), the one with fewer missing and unknown keys, whose items have the right shape.
        deepest = max(by_branch.values(), key=lambda errs: (max(_depth(e) for e in errs), -_misfits(errs)))
        if max(_depth(e) for e in deepest) > len(site):
            # The branch may hold unions of its own (content: str | list, inside chosen: str | list).
            plain.extend(_reduce_unions([_drop_first_tag(e) for e in deepest]))
        else:
            expected = " or ".join(dict.fromkeys(_branch_label(tag) for tag in by_branch))
            plain.append(_Error(site, (), "union", None, expected))
    return plain


def _depth(err: _Error) -> int:
    return len(err.path) + (1 if err.key is not None else 0)


def _misfits(errors: list[_Error]) -> int:
    return sum(1 for err in errors if err.type in ("missing", "extra_forbidden"))


def _drop_first_tag(err: _Error) -> _Error:
    return _Error(err.path, err.tags[1:], err.type, err.key, err.message)


def _branch_label(tag: str) -> str:
    if tag.startswith("list["):
        return "a list"
    if tag.startswith("dict["):
        return "an object"
    return {"str": "a string", "int": "an integer", "float": "a number", "bool": "true or false",
            "none": "null"}.get(tag, "an object")


def _to_issues(errors: list[_Error], record: Any) -> list[SchemaIssue]:
    issues = []
    for err in errors:
        if err.type == "missing":
            issues.append(SchemaIssue("missing", pointer(*err.path, err.key or ""),
                                      f"missing required key `{err.key}`"))
        elif err.type == "extra_forbidden":
            issues.append(SchemaIssue("unknown", pointer(*err.path, err.key or ""), f"unknown key `{err.key}`"))
        else:
            expected = err.message if err.type == "union" else _EXPECTED_BY_ERROR.get(err.type)
            found = describe(_value_at(record, err.path))
            text = f"expected {expected}, found {found}" if expected else err.message[:1].lower() + err.message[1:]
            issues.append(SchemaIssue("type", pointer(*err.path), text))
    issues.sort(key=lambda issue: issue.pointer)
    return issues


def _value_at(record: Any, path: tuple[str | int, ...]) -> Any:
    for token in path:
        record = record[token]
    return record
