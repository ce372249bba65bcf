"""Settings and rule options declared like pydantic models, validated by one built on first use.

A cold `ftlint check` of a small file (a pre-commit run) would spend a tenth of its time creating
pydantic model classes it never validates with: every rule's options and the settings are only
read from ftlint's own profiles, and defining a single model class imports pydantic's field and
type machinery (~40 ms). So these classes are plain: their annotations and defaults declare the
fields, `model_construct` fills in the defaults, and the pydantic model that validates a user's
table (`validator()`) is made the first time one is given, from the same declarations.

Write `Field(...)` from `ftlint.core.option_types` (the same arguments as pydantic's): it is
remembered here and turned into pydantic's own when the validator is built.
"""

from __future__ import annotations

import inspect
import sys
import types
import typing
from typing import Annotated, Any, ClassVar, Literal, Union, get_args, get_origin

# The default of a field declared without one (pydantic's `...`: the table must give it).
REQUIRED = ...


class Field:
    """pydantic's `Field(...)`, kept as its arguments until a validator is built."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs

    @property
    def has_default(self) -> bool:
        return bool(self.args) or "default" in self.kwargs

    @property
    def default(self) -> Any:
        return self.args[0] if self.args else self.kwargs.get("default")

    def real(self) -> Any:
        from pydantic import Field as PydanticField

        return PydanticField(*self.args, **self.kwargs)


def pydantic_type(annotation: Any) -> Any:
    """`annotation` with every remembered `Field` inside it made pydantic's own."""
    origin = get_origin(annotation)
    args = get_args(annotation)
    if origin is Annotated:
        base, *extra = args
        return Annotated.__class_getitem__((pydantic_type(base),  # type: ignore[attr-defined]
                                            *(m.real() if isinstance(m, Field) else m for m in extra)))
    if not args or origin is Literal:
        return annotation
    converted = tuple(pydantic_type(arg) for arg in args)
    if origin in (Union, types.UnionType):
        return Union[converted]  # noqa: UP007 (a tuple of types: the `|` form cannot take one)
    return origin[converted] if len(converted) > 1 else origin[converted[0]]


class _LazyModelType(type):
    # `Options.model_fields`, as pydantic has it (the config errors and the tests read it).
    @property
    def model_fields(cls) -> dict[str, Any]:
        return cls.validator().model_fields  # type: ignore[attr-defined, no-any-return]


class LazyModel(metaclass=_LazyModelType):
    """Base of a class of fields declared by annotations and defaults (see the module's docstring)."""

    # pydantic's config of the validator; `frozen` also makes the instances read-only.
    model_settings: ClassVar[dict[str, Any]] = {}

    def __init__(self, **values: Any) -> None:
        """Validated, as pydantic's constructor does (by field name or by key)."""
        valid = type(self).validator()(**values)
        self._fill(frozenset(valid.model_fields_set), {name: getattr(valid, name) for name in type(self).declared()})

    def _fill(self, fields_set: frozenset[str], values: dict[str, Any]) -> None:
        values = dict(values)
        for name, (_, default) in type(self).declared().items():
            if name not in values and default is REQUIRED:
                raise TypeError(f"{type(self).__name__} needs a value of {name}")
            object.__setattr__(self, name, values.pop(name) if name in values else _copy(default))
        if values:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(values))}")
        object.__setattr__(self, "_fields_set", fields_set)

    def __setattr__(self, name: str, value: Any) -> None:
        if type(self).model_settings.get("frozen"):
            raise TypeError(f"{type(self).__name__} is frozen")
        object.__setattr__(self, name, value)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.model_dump() == other.model_dump()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), repr(self.model_dump())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self.model_dump().items())})"

    @property
    def model_fields_set(self) -> frozenset[str]:
        """The fields given (as pydantic's): set by a table or by `model_construct`, not defaulted."""
        return self._fields_set  # type: ignore[no-any-return]

    def model_dump(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in type(self).declared()}

    @classmethod
    def declared(cls) -> dict[str, tuple[Any, Any]]:
        """Each field's type (any `Field` in it still remembered) and default, base classes first."""
        found = cls.__dict__.get("_declared")
        if found is None:
            found = {}
            for klass in reversed(cls.__mro__):
                if not (isinstance(klass, _LazyModelType) and klass is not LazyModel):
                    continue
                namespace = vars(sys.modules[klass.__module__])
                for name, annotation in inspect.get_annotations(klass).items():
                    if name.startswith("_"):
                        continue
                    kind = eval(annotation, namespace) if isinstance(annotation, str) else annotation
                    if get_origin(kind) is ClassVar:
                        continue
                    found[name] = (kind, klass.__dict__.get(name, REQUIRED))
            type.__setattr__(cls, "_declared", found)
        return found  # type: ignore[no-any-return]

    @classmethod
    def validator(cls) -> Any:
        """The pydantic model that validates a table of these fields (made once, on first use)."""
        model = cls.__dict__.get("_validator")
        if model is None:
            from pydantic import ConfigDict, create_model

            fields = {name: (pydantic_type(kind), default.real() if isinstance(default, Field) else default)
                      for name, (kind, default) in cls.declared().items()}
            model = create_model(cls.__name__, __config__=ConfigDict(**cls.model_settings),  # type: ignore[call-overload]
                                 __module__=cls.__module__, **fields)
            type.__setattr__(cls, "_validator", model)
        return model

    @classmethod
    def model_construct(cls, **values: Any) -> typing.Self:
        """An instance of `values` (trusted: not validated) and the defaults of the other fields."""
        made = cls.__new__(cls)
        made._fill(frozenset(values), values)
        return made

    @classmethod
    def model_validate(cls, table: Any) -> typing.Self:
        """An instance of a user's table, validated (pydantic's `ValidationError` if it is not valid)."""
        valid = cls.validator().model_validate(table)
        made = cls.__new__(cls)
        made._fill(frozenset(valid.model_fields_set), {name: getattr(valid, name) for name in cls.declared()})
        return made

    @classmethod
    def model_json_schema(cls, **kwargs: Any) -> dict[str, Any]:
        return cls.validator().model_json_schema(**kwargs)  # type: ignore[no-any-return]


def _copy(default: Any) -> Any:
    """A default as an instance may keep it: a `Field`'s own, and a fresh copy of a list or table (as
    pydantic copies mutable defaults)."""
    if isinstance(default, Field):
        default = default.default
    if isinstance(default, list | dict | set):
        return type(default)(default)
    return default
