"""Frozen record classes without the start-up cost of `dataclasses`.

`@dataclass(frozen=True, slots=True)` compiles five or six methods per class when the module is
imported: about 0.9 ms a class, 15 ms for the classes `pelayanan show` loads, which is more than
half of what pelayanan may add to Typer's own start-up. `@record` gives the same behaviour for the
way the core uses them (fields in order, defaults, slots, frozen, value equality and hashing, a
readable repr) and compiles only `__init__`, so the instances are made as fast as a dataclass's.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")
_MISSING = object()


class FrozenError(AttributeError):
    """Assigning to a field of a frozen record."""


def _frozen(self: object, name: str, value: object = None) -> None:
    raise FrozenError(f"cannot assign to field {name!r} of a frozen {type(self).__name__}")


@dataclass_transform(frozen_default=True)
def record(cls: type[T]) -> type[T]:
    """Make `cls` a frozen, slotted record of its annotated fields (as @dataclass would)."""
    names = tuple(cls.__dict__.get("__annotations__", {}))  # noqa: RUF063 - no inspect at start-up
    defaults = {name: cls.__dict__[name] for name in names if name in cls.__dict__}
    namespace = {
        key: value
        for key, value in cls.__dict__.items()
        if key not in names and key not in ("__dict__", "__weakref__")
    }
    namespace["__slots__"] = names
    namespace["__match_args__"] = names
    maker: Any = type(cls)
    new: Any = maker(cls.__name__, cls.__bases__, namespace)
    new.__qualname__ = cls.__qualname__
    new.__init__ = _init(names, defaults, cls.__qualname__)
    values = attrgetter(*names) if len(names) != 1 else (lambda self: (getattr(self, names[0]),))

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return bool(values(self) == values(other))

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __repr__(self: Any) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{type(self).__name__}({fields})"

    new.__eq__, new.__hash__ = __eq__, __hash__
    if "__repr__" not in namespace:
        new.__repr__ = __repr__
    new.__setattr__ = _frozen
    new.__delattr__ = _frozen
    new.__record_fields__ = names
    return new  # type: ignore[no-any-return]


def replaced(instance: T, **changes: Any) -> T:
    """A copy of a record with some fields changed (as dataclasses.replace)."""
    names: tuple[str, ...] = type(instance).__record_fields__  # type: ignore[attr-defined]
    unknown = set(changes) - set(names)
    if unknown:
        raise TypeError(f"{type(instance).__name__} has no field {sorted(unknown)[0]!r}")
    return type(instance)(**{n: changes.get(n, getattr(instance, n)) for n in names})


def _init(names: tuple[str, ...], defaults: dict[str, Any], qualname: str) -> Callable[..., None]:
    """`__init__(self, <fields>)` setting each field, defaults as given; one small compile."""
    parameters = ", ".join(f"{n}=_d_{n}" if n in defaults else n for n in names)
    body = "".join(f"    _set(self, {n!r}, {n})\n" for n in names) or "    pass\n"
    scope: dict[str, Any] = {"_set": object.__setattr__}
    scope.update({f"_d_{n}": value for n, value in defaults.items()})
    exec(f"def __init__(self, {parameters}):\n{body}", scope)
    function: Callable[..., None] = scope["__init__"]
    function.__qualname__ = f"{qualname}.__init__"
    return function
