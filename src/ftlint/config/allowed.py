"""Config errors a user can act on: each bad key named with the value given and, in words, what is
allowed there ("a whole number, 1 or more", "a number from 0 to 1")."""

from __future__ import annotations

import json
import math
import types
import unicodedata
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from ftlint.core.option_types import Allowed

if TYPE_CHECKING:
    # Only for an error: importing pydantic's fields (with annotated_types) costs every run ~40 ms.
    from pydantic import BaseModel, ValidationError
    from pydantic.fields import FieldInfo

    from ftlint.core.lazy_model import LazyModel


def describe_validation_error(where: str, exc: ValidationError,
                              model: type[BaseModel] | type[LazyModel] | None = None) -> str:
    """Pydantic's errors as one readable message naming each bad key; with `model`, what it allows.
    `where` starts the message: "path: ", or "path: [rules.CODE] "."""
    fields = _fields_by_key(model) if model is not None else {}
    problems = []
    for error in exc.errors(include_url=False):
        key = ".".join(_escaped(str(part)) for part in error["loc"])
        if error["type"] == "extra_forbidden":
            import difflib  # only for a misspelt key

            guess = difflib.get_close_matches(str(error["loc"][-1]), [k for k in fields if "_" not in k], n=1)
            problems.append(f"unknown key `{key}`" + (f" (did you mean `{guess[0]}`?)" if guess else ""))
            continue
        message = error["msg"].removeprefix("Value error, ")
        problem = f"`{key}` = {_shown(error['input'])}: {message[:1].lower()}{message[1:]}"
        field = fields.get(str(error["loc"][0]))
        allowed = describe(field) if field is not None else None
        problems.append(_escaped(problem + (f" (allowed: {allowed})" if allowed else "")))
    return where + "; ".join(problems)


def describe(field: FieldInfo) -> str | None:
    """What a field allows, in words, or None when its type says nothing plain."""
    return _describe(field.annotation, list(field.metadata))


def _fields_by_key(model: type[BaseModel] | type[LazyModel]) -> dict[str, FieldInfo]:
    """A model's fields by the key a config writes (`max-tokens`) and by name (`max_tokens`)."""
    found = {}
    for name, field in model.model_fields.items():
        found[name] = field
        if field.alias:
            found[field.alias] = field
    return found


def _describe(annotation: Any, constraints: list[Any]) -> str | None:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        return _describe(base, [*constraints, *_flattened(extra)])
    marked = [item.text for item in constraints if isinstance(item, Allowed)]
    if marked:
        return marked[-1]
    if origin in (Union, types.UnionType):
        parts = [_describe(arg, constraints) for arg in get_args(annotation) if arg is not type(None)]
        return " or ".join(part for part in parts if part) or None
    if origin is Literal:
        return "one of " + ", ".join(f"`{value}`" for value in get_args(annotation))
    if annotation is bool:
        return "true or false"
    if annotation is int:
        return "a whole number" + _range(constraints)
    if annotation is float:
        return "a number" + _range(constraints)
    if annotation is str:
        return "a non-empty string" if _min_length(constraints) else "a string"
    if origin in (list, frozenset, set, tuple):
        item = _describe(get_args(annotation)[0], []) if get_args(annotation) else None
        kind = "a non-empty list" if _min_length(constraints) else "a list"
        return f"{kind} of items, each {item}" if item else kind
    if origin is dict:
        value = _describe(get_args(annotation)[1], [])
        return f"a table whose values are each {value}" if value else "a table"
    return None


def _flattened(items: list[Any]) -> list[Any]:
    """Constraints given with `Field(...)` inside `Annotated` come as a FieldInfo holding them."""
    from pydantic.fields import FieldInfo


    flat: list[Any] = []
    for item in items:
        flat.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return flat


def _range(constraints: list[Any]) -> str:
    import annotated_types

    low = high = None
    for item in constraints:
        if isinstance(item, annotated_types.Ge | annotated_types.Gt):
            low = item
        elif isinstance(item, annotated_types.Le | annotated_types.Lt):
            high = item
    if isinstance(low, annotated_types.Ge) and isinstance(high, annotated_types.Le):
        return f" from {_number(low.ge)} to {_number(high.le)}"
    words = []
    if low is not None:
        words.append(f"{_number(low.ge)} or more" if isinstance(low, annotated_types.Ge) else
                     f"above {_number(low.gt)}")
    if high is not None:
        words.append(f"{_number(high.le)} or less" if isinstance(high, annotated_types.Le) else
                     f"below {_number(high.lt)}")
    return (", " + " and ".join(words)) if words else ""


def _min_length(constraints: list[Any]) -> bool:
    import annotated_types

    return any(isinstance(item, annotated_types.MinLen) and item.min_length > 0 for item in constraints)


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _shown(value: Any) -> str:
    """The value as TOML writes it (so `true`, not `True`), shortened, with control characters escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = str(value)
    return _escaped(text if len(text) <= 60 else text[:57] + "...")


def _escaped(text: str) -> str:
    """`text` with control and format characters written as escapes: a config error is printed on a
    terminal, where a key holding ANSI codes or a newline could forge other lines."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch
                   for ch in text)
