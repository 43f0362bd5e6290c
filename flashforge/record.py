"""``Record``: a dataclass that costs next to nothing to define, for the types every command imports.

Python 3.11's ``@dataclass(frozen=True)`` writes the source of six methods per class (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``) and compiles it with ``exec`` when
the module is imported: about 4 million instructions a class, most of what ``flashforge stats`` paid for
start-up beyond typer and rich (issue 10). A subclass of :class:`Record` is a real dataclass, registered by
``dataclasses`` itself (``fields``, ``replace``, ``asdict``, ``is_dataclass`` and ``match`` work, and mypy
checks it as one through ``dataclass_transform``), whose methods are these shared ones instead:

- ``__init__`` takes the fields positionally (in order) and by keyword, fills defaults and default
  factories, and rejects a missing, unknown or repeated argument with ``TypeError`` as a dataclass does;
- ``__eq__`` holds between two instances of the same class with equal fields (compared fields only),
  ``__hash__`` hashes the compared fields, ``__repr__`` reads as a dataclass's;
- frozen (the default) raises ``dataclasses.FrozenInstanceError`` on assignment and deletion;
  ``class X(Record, frozen=False)`` is mutable and unhashable; ``kw_only=True`` as for a dataclass.

A class's 64th instance compiles an ``__init__`` of its own with the fields as parameters (the shared one takes
``*args, **kwargs`` and checks them in Python: two to five times the cost of a dataclass's); classes made only
a few times never pay for compiling one. Its ``TypeError`` messages are Python's own.

Instances pickle (for the build's worker processes) and copy as a frozen dataclass's do: their fields are
their ``__dict__``. Not supported, and refused when the class is defined: ``__post_init__`` and fields
with ``init=False``.
"""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Callable
from operator import attrgetter
from typing import Any, ClassVar, dataclass_transform

_MISSING: Any = dataclasses.MISSING
# Instances a class makes through the shared ``__init__`` before it compiles its own.
COMPILE_AFTER = 64
_made: dict[type, int] = {}


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
class Record:
    """Base class of a cheap dataclass; see the module's doc."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
    _frozen: ClassVar[bool] = True
    _same_dict: ClassVar[bool] = False  # every field is compared: equal records have equal ``__dict__``
    _positional: ClassVar[tuple[str, ...]] = ()
    _names: ClassVar[frozenset[str]] = frozenset()
    _required: ClassVar[frozenset[str]] = frozenset()
    _defaults: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()
    _compared: ClassVar[Callable[[Any], tuple[Any, ...]]]
    _repr_names: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, *, frozen: bool = True, kw_only: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__post_init__" in cls.__dict__:
            raise TypeError(f"{cls.__qualname__}: a Record does not run __post_init__; use a dataclass")
        if not cls.__doc__:  # dataclasses would otherwise write one from inspect.signature
            cls.__doc__ = cls.__name__
        dataclasses.dataclass(init=False, repr=False, eq=False, kw_only=kw_only)(cls)
        fields = dataclasses.fields(cls)
        if any(not field.init for field in fields):
            raise TypeError(f"{cls.__qualname__}: every field of a Record is an __init__ argument")
        cls._frozen = frozen
        cls._positional = tuple(field.name for field in fields if not field.kw_only)
        cls._names = frozenset(field.name for field in fields)
        defaults = [(f.name, f.default, f.default_factory) for f in fields if f.default is not _MISSING]
        defaults += [(f.name, _MISSING, f.default_factory) for f in fields if f.default_factory is not _MISSING]
        cls._defaults = tuple(defaults)
        cls._required = cls._names - {name for name, _, _ in defaults}
        compared = [field.name for field in fields if (field.compare if field.hash is None else field.hash)]
        cls._compared = _getter(compared)
        cls._same_dict = len(compared) == len(fields)
        cls._repr_names = tuple(field.name for field in fields if field.repr)
        if "__init__" not in cls.__dict__:
            # Each class holds the shared __init__ itself, so that the one it compiles is never a subclass's.
            type.__setattr__(cls, "__init__", Record.__init__)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        cls = type(self)
        made = _made[cls] = _made.get(cls, 0) + 1
        if made == COMPILE_AFTER and cls.__dict__.get("__init__") is Record.__init__:
            _compile_init(cls)
        if args:
            if len(args) > len(cls._positional):
                raise TypeError(f"{cls.__qualname__}() takes {len(cls._positional)} positional arguments")
            if not kwargs and len(args) == len(cls._names):
                self.__dict__.update(zip(cls._positional, args, strict=False))
                return
            for name, value in zip(cls._positional, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{cls.__qualname__}() got multiple values for argument {name!r}")
                kwargs[name] = value
        given = kwargs.keys()
        if len(given) != len(cls._names) or not given <= cls._names:
            _complete(cls, kwargs)
        self.__dict__.update(kwargs)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._repr_names)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        cls = type(self)
        if cls._same_dict:
            return bool(self.__dict__ == other.__dict__)
        return bool(cls._compared(self) == cls._compared(other))

    def __hash__(self) -> int:
        if not self._frozen:
            raise TypeError(f"unhashable type: {type(self).__qualname__!r}")
        return hash(type(self)._compared(self))  # read from the class: a function there is not bound

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self._frozen:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        object.__delattr__(self, name)


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The values of ``names`` as a tuple (``attrgetter`` gives a bare value for one name)."""
    if len(names) > 1:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda record: (one(record),)
    return lambda record: ()


def _complete(cls: type[Record], kwargs: dict[str, Any]) -> None:
    """Add the defaults ``kwargs`` lacks; ``TypeError`` for an unknown or missing argument."""
    unknown = kwargs.keys() - cls._names
    if unknown:
        raise TypeError(f"{cls.__qualname__}() got an unexpected keyword argument {min(unknown)!r}")
    missing = cls._required - kwargs.keys()
    if missing:
        raise TypeError(f"{cls.__qualname__}() missing required argument(s): {', '.join(sorted(missing))}")
    for name, default, factory in cls._defaults:
        if name not in kwargs:
            kwargs[name] = factory() if default is _MISSING else default


def _compile_init(cls: type[Record]) -> None:
    """Give ``cls`` an ``__init__`` of its own that takes its fields as parameters (as a dataclass's does)."""
    fields = dataclasses.fields(cls)
    if any(keyword.iskeyword(f.name) or f.name.startswith("_") or f.name == "self" for f in fields):
        return  # a name the generated code cannot take as a parameter: the shared __init__ stays
    space: dict[str, Any] = {"_MISSING": _MISSING}
    params, values = [], []
    for index, f in enumerate(fields):
        if f.default is not _MISSING:
            space[f"_default{index}"] = f.default
            params.append(f"{f.name}=_default{index}")
            values.append(f.name)
        elif f.default_factory is not _MISSING:
            space[f"_factory{index}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            values.append(f"_factory{index}() if {f.name} is _MISSING else {f.name}")
        else:
            params.append(f.name)
            values.append(f.name)
    kw_only = [index for index, f in enumerate(fields) if f.kw_only]
    positional = [param for index, param in enumerate(params) if index not in kw_only]
    named = [param for index, param in enumerate(params) if index in kw_only]
    signature = ", ".join(["self", *positional, *(["*", *named] if named else [])])
    stores = "".join(f"    _fields[{f.name!r}] = {value}\n" for f, value in zip(fields, values, strict=True))
    source = f"def __init__({signature}):\n    _fields = self.__dict__\n{stores}"
    try:
        exec(source, space)  # code written here from the class's own field names
    except SyntaxError:  # a field without a default after one with a default (init=False lets a class define it)
        return
    init = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    type.__setattr__(cls, "__init__", init)
