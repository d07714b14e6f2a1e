"""The error hierarchy.

Each error subclasses both ``AccelspecError`` and the builtin it behaves like (as pint does),
so ``except KeyError`` and ``except accelspec.UnknownAcceleratorError`` both work, and each
keeps its structured fields for callers that want more than the message.
"""

from __future__ import annotations

from collections.abc import Sequence


class AccelspecError(Exception):
    """Base class of every error accelspec raises on purpose."""


def did_you_mean(options: Sequence[str]) -> str:
    """"did you mean 'a', 'b' or 'c'?" — the one phrasing every error uses."""
    quoted = [repr(o) for o in options]
    if not quoted:
        return ""
    if len(quoted) == 1:
        return f"did you mean {quoted[0]}?"
    return f"did you mean {', '.join(quoted[:-1])} or {quoted[-1]}?"


class UnitError(AccelspecError, ValueError):
    """An unknown unit, or a conversion between units of different dimensions."""


class CatalogError(AccelspecError, ValueError):
    """One or more problems in catalog files, all reported at once.

    ``problems`` holds ``Problem`` records (file, path, message); ``str()`` lists them
    grouped by file.
    """

    def __init__(self, problems: Sequence["Problem"]):
        self.problems = list(problems)
        super().__init__(self._format())

    def _format(self) -> str:
        by_file: dict[str, list[Problem]] = {}
        for p in self.problems:
            by_file.setdefault(p.file, []).append(p)
        lines = []
        for file, probs in by_file.items():
            noun = "problem" if len(probs) == 1 else "problems"
            lines.append(f"{len(probs)} {noun} in {file}:")
            lines.extend(f"  {p.message} @ {p.path}" for p in probs)
        return "\n".join(lines)


class Problem:
    """One catalog problem: the file, the field path (``$.memory.bandwidth``) and what is wrong."""

    __slots__ = ("file", "path", "message")

    def __init__(self, file: str, path: str, message: str):
        self.file, self.path, self.message = file, path, message

    def __repr__(self) -> str:
        return f"Problem({self.file!r}, {self.path!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.file, self.path, self.message) == (
            other.file,
            other.path,
            other.message,
        )


class UnknownAcceleratorError(AccelspecError, KeyError):
    """A lookup matched no entry; ``suggestions`` holds the closest names, best first."""

    def __init__(self, query: str, suggestions: Sequence[str] = ()):
        self.query = query
        self.suggestions = list(suggestions)
        msg = f"unknown accelerator {query!r}"
        if self.suggestions:
            msg += "; " + did_you_mean(self.suggestions)
        super().__init__(msg)

    def __str__(self) -> str:  # KeyError would repr() the message
        return self.args[0]


class AmbiguousAcceleratorError(AccelspecError, KeyError):
    """A lookup matched several entries equally well; ``candidates`` lists their ids."""

    def __init__(self, query: str, candidates: Sequence[str]):
        self.query = query
        self.candidates = list(candidates)
        super().__init__(
            f"{query!r} is ambiguous; it names {', '.join(map(repr, self.candidates))}"
        )

    def __str__(self) -> str:
        return self.args[0]


class UnknownFieldError(AccelspecError, KeyError):
    """A field path or metric name that does not exist."""

    def __init__(self, name: str, valid: Sequence[str] = (), hint: str = ""):
        self.name = name
        self.valid = list(valid)
        msg = f"unknown field or metric {name!r}"
        if hint:
            msg += f"; {hint}"
        super().__init__(msg)

    def __str__(self) -> str:
        return self.args[0]


class InvalidValueError(AccelspecError, ValueError):
    """A value outside what is valid for an argument or a filter: ``name``, ``value``, what is valid.

    >>> str(InvalidValueError("vendor", "huwei", "did you mean 'huawei'?"))
    "invalid vendor 'huwei'; did you mean 'huawei'?"
    """

    def __init__(self, name: str, value: object, hint: str = ""):
        self.name, self.value, self.hint = name, value, hint
        super().__init__(f"invalid {name} {value!r}" + (f"; {hint}" if hint else ""))


def close_hint(value: str, valid: Sequence[str]) -> str:
    """"did you mean 'x'? (valid: a, b, c)" — or just the valid list when nothing is close."""
    import difflib

    close = difflib.get_close_matches(str(value), list(valid), n=2, cutoff=0.6)
    listed = ", ".join(valid) if len(valid) <= 12 else ", ".join(list(valid)[:12]) + ", ..."
    return (did_you_mean(close) + " " if close else "") + f"(valid: {listed})"


class ArgumentValueError(AccelspecError, ValueError):
    """A library function was given a value it cannot take; the message names it and what is valid."""


class ArgumentTypeError(AccelspecError, TypeError):
    """A library function was given a value of the wrong type; the message names it and what is valid."""
