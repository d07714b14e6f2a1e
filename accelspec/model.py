"""The typed model: every value is a Claim with a unit and a Source.

All records are frozen attrs classes. A field of an accelerator holds one or more claims;
``pick`` states the rule that chooses the claim shown, and every claim stays reachable.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Union

import attrs
from attrs import field, frozen

from . import units
from .errors import ArgumentValueError

SOURCE_KINDS = ("vendor", "measured", "analyst", "press", "community", "estimate", "rumour")
"""Source kinds, most trusted first. The order is the claim-picking rank.

``analyst``: an analyst firm, a teardown house, a bank's research, an independent dataset with a
method. ``community``: a wiki, a blog, study notes, a forum post, a README transcribing a table.
(The first catalog's ``secondary`` lumped both together and ranked them above the press; it was
split, and the loader says so when it meets it.)"""

VENDOR_OR_MEASURED = ("vendor", "measured")
"""Kinds a table or chart prints unmarked; every other kind is marked where it is shown."""

KINDS = ("gpu", "npu", "tpu", "asic", "cpu-gpu")
FORM_FACTORS = ("sxm", "oam", "pcie", "mezzanine", "board", "server", "rack", "module", "other")
LEVELS = ("die", "package", "card", "superchip", "server", "rack")
STATUSES = ("rumoured", "announced", "sampling", "shipping", "discontinued", "cancelled")
MARKETS = ("datacenter", "workstation", "consumer", "edge")
REGIONS = ("global", "china")
PRECISIONS = ("fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8", "int4")
COMPUTE_SLOTS = ("dense", "sparse", "vector", "unspecified")
"""``unspecified``: a figure whose source does not say dense or sparse; never used as either."""
BOUNDS = ("at-least", "at-most")
GAP_REASONS = ("not-supported", "not-published", "not-found")
"""Why a field is empty: the chip has no such unit (a fact, with a source); the vendor does not
publish it (with a source or a note); nobody found it yet (with what was searched)."""
ENGINES = ("matrix", "vector")
DIRECTIONS = ("bidirectional", "unidirectional")

# Bit length of each precision's multiply inputs: the factor in the export-control TPP.
PRECISION_BITS = {
    "fp64": 64, "fp32": 32, "tf32": 32, "bf16": 16, "fp16": 16,
    "fp8": 8, "fp6": 6, "fp4": 4, "int8": 8, "int4": 4,
}


@frozen(order=True)
class PartialDate:
    """A date known to the year, the month or the day ("2025", "2025-09", "2025-09-18")."""

    year: int
    month: int = 0
    day: int = 0

    _PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, str):
            m = cls._PATTERN.match(value)
            if m:
                y, mo, d = (int(g) if g else 0 for g in m.groups())
                if d:
                    try:  # a day must exist in its month: 2025-02-31 is no date
                        _dt.date(y, mo, d)
                    except ValueError:
                        raise ArgumentValueError(f"no such day: {value!r}") from None
                    return cls(y, mo, d)
                if mo == 0 or 1 <= mo <= 12:
                    return cls(y, mo, d)
        raise ArgumentValueError(
            f"expected a date like 2025-09-18, '2025-09' or '2025' (got {value!r})"
        )

    def __str__(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out


_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


@frozen
class Source:
    """Where a value comes from: a datasheet, a paper, a press article, a measurement."""

    id: str
    title: str
    kind: str = field(validator=attrs.validators.in_(SOURCE_KINDS))
    publisher: str | None = None
    url: str | None = None
    date: PartialDate | None = None
    language: str | None = None
    via: str | None = None
    note: str | None = None
    file: str | None = field(default=None, eq=False, repr=False)

    @property
    def read_at(self) -> str | None:
        """Where the text was actually read, as an address a reader can open (a copy, a mirror, a
        transcription): the first web address in ``via`` that is not ``url`` itself, or None."""
        if not self.via:
            return None
        for m in _ADDRESS.finditer(self.via):
            addr = m.group(0).rstrip(".,;)'\"")
            if addr != self.url:
                return addr
        return None

    def cite(self) -> str:
        """A one-line citation: outlet, date, headline (and address when there is one)."""
        parts = [p for p in (self.publisher, str(self.date) if self.date else None) if p]
        text = ", ".join(parts + [self.title])
        return f"{text} <{self.url}>" if self.url else text


Value = Union[float, str, PartialDate]


@frozen
class Claim:
    """One sourced value: what a source says a field is.

    Numbers carry a unit from ``accelspec.units``; text and dates carry none.
    ``kind`` is the claim's own kind when it overrides its source's (a press article
    reporting a rumour); ``effective_kind`` is what ranks it.
    """

    value: Value
    source: Source
    unit: str | None = None
    note: str | None = None
    kind: str | None = None
    quote: str | None = None
    derivation: str | None = None
    engine: str | None = None
    direction: str | None = None
    # prices only: when the price was quoted, what was bought, and how many of the entry that was
    date: PartialDate | None = None
    item: str | None = None
    count: int | None = None
    # a bound (">2500": at-least) or a range (value to max); never shown as a point value
    bound: str | None = None
    max: float | None = None

    @property
    def is_point(self) -> bool:
        """True for a plain value; False for a bound or a range."""
        return self.bound is None and self.max is None

    @property
    def effective_kind(self) -> str:
        return self.kind or self.source.kind

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, float)

    def to(self, unit: str) -> float:
        """The value in ``unit``; a unidirectional link figure is doubled to bidirectional."""
        if not self.is_number or self.unit is None:
            raise units.UnitError(f"{self.value!r} is not a number with a unit")
        value = units.convert(self.value, self.unit, unit)
        if self.direction == "unidirectional":
            value *= 2  # the export and the metrics use aggregate bidirectional bandwidth
        return value

    def describe(self) -> str:
        """'1979 TOP/s (vendor: NVIDIA, 2024-11, H200 datasheet)' — for tables and the CLI."""
        return f"{self.value_text()} ({self.effective_kind}: {self.source.cite()})"

    def value_text(self) -> str:
        """'1979 TOP/s', '≤ 2,000,000,000 USD', '1.8–2.3 kW': the value as :meth:`describe` shows it, uncited."""
        if self.is_number:
            number = _fmt_number(self.value)
            if self.max is not None:
                number += f"–{_fmt_number(self.max)}"
            elif self.bound is not None:
                number = ("≥ " if self.bound == "at-least" else "≤ ") + number
            shown = number + ("" if self.unit == "1" else f" {self.unit}")
        else:
            shown = str(self.value)
        if self.direction == "unidirectional":
            shown += " per direction"
        return shown


def _fmt_number(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e7 else f"{x:,.0f}"


def rank_key(claim: Claim, position: int) -> tuple:
    """Sort key of the pick rule: a value before a bound, kind rank, newest source, first in the file."""
    d = claim.source.date
    return (not claim.is_point, SOURCE_KINDS.index(claim.effective_kind),
            -(d.year * 10000 + d.month * 100 + d.day) if d else 0, position)


def pick(claims: tuple[Claim, ...]) -> Claim | None:
    """The claim shown for a field.

    Rule: a value before a bound or range; then the highest-ranked effective kind (vendor >
    measured > analyst > secondary > press > community > estimate > rumour); among equals the
    most recent source; among those the first in the file.
    """
    if not claims:
        return None
    return min(enumerate(claims), key=lambda ic: rank_key(ic[1], ic[0]))[1]


@frozen
class Component:
    """One line of a composition: ``count`` of entry ``id`` (two chips on a D20 card)."""

    id: str
    count: int
    source: Source
    note: str | None = None


@frozen
class Gap:
    """Why a field is empty: ``reason`` is one of :data:`GAP_REASONS`."""

    path: str
    reason: str
    source: Source | None = None
    quote: str | None = None
    note: str | None = None
    searched: str | None = None

    def describe(self, full: bool = True) -> str:
        """'not supported (vendor: ...)', 'not published by the vendor', 'not found (searched: ...)'.

        ``full=False`` gives the short form tables print beside other reasons: the source by its
        publisher and date only, and no list of what was searched (``accelspec show`` has both).
        """
        if self.reason == "not-supported":
            text = "not supported"
        elif self.reason == "not-published":
            text = "not published by the vendor"
        else:
            text = "not found in public sources"
        if self.source is not None:
            s = self.source
            who = s.cite() if full else ", ".join(x for x in (s.publisher or s.title, str(s.date) if s.date else None) if x)
            text += f" ({s.kind}: {who})"
        elif self.searched and full:
            text += f" (searched: {self.searched})"
        return text


@frozen
class Relation:
    """A relative claim: this entry's ``metric`` is ``ratio`` × that of entry ``to`` ("7.5% of an H200")."""

    metric: str
    ratio: float
    to: str
    source: Source
    quote: str | None = None
    note: str | None = None


# Field paths that hold claims, and what each holds: a dimension, "text" or "date".
FIELD_TYPES: dict[str, str] = {
    "announced": "date",
    "released": "date",
    "process_node": "length",
    "process_name": "text",
    "foundry": "text",
    "die_area": "area",
    "transistors": "count",
    "memory.capacity": "bytes",
    "memory.type": "text",
    "memory.bandwidth": "bandwidth",
    "memory.stacks": "count",
    "memory.bus_width": "width",
    "power.tdp": "power",
    "interconnect.technology": "text",
    "interconnect.scaleup_bandwidth": "bandwidth",
}
for _p in PRECISIONS:
    for _s in COMPUTE_SLOTS:
        FIELD_TYPES[f"compute.{_p}.{_s}"] = "compute"
del _p, _s


@frozen
class Accelerator:
    """One catalog entry: a die, package, card, superchip, server or rack.

    Identity fields are plain; every measured or reported property is a tuple of claims
    under its dotted path (``compute.bf16.dense``). Use :meth:`claim` for the claim shown,
    :meth:`value` for a number in a chosen unit, :meth:`claims` for all of them.
    """

    id: str
    name: str
    vendor: str
    kind: str
    level: str
    status: str
    market: str
    family: str | None = None
    form_factor: str | None = None
    region: str = "global"
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    generic: bool = False
    variants: tuple[str, ...] = ()
    replaces: str | None = None
    fields: dict[str, tuple[Claim, ...]] = field(factory=dict, eq=False, repr=False)
    prices: tuple[Claim, ...] = field(default=(), eq=False, repr=False)
    contains: tuple[Component, ...] = field(default=(), eq=False, repr=False)
    gaps: dict[str, Gap] = field(factory=dict, eq=False, repr=False)
    relations: tuple[Relation, ...] = field(default=(), eq=False, repr=False)
    file: str | None = field(default=None, eq=False, repr=False)

    def gap(self, path: str) -> Gap | None:
        """Why ``path`` is empty, if the entry says (a gap on ``compute.fp8`` covers its slots)."""
        g = self.gaps.get(path)
        if g is None and path.startswith("compute.") and path.count(".") == 2:
            g = self.gaps.get(path.rsplit(".", 1)[0])
        return g

    def claims(self, path: str) -> tuple[Claim, ...]:
        """Every claim recorded for ``path`` (empty when none)."""
        _check_path(path)
        return self.fields.get(path, ())

    def claim(self, path: str) -> Claim | None:
        """The claim shown for ``path`` under the pick rule, or None when nothing is recorded."""
        return pick(self.claims(path))

    def value(self, path: str, unit: str | None = None):
        """The shown value of ``path``: converted to ``unit`` for numbers, else as stored.

        None when nothing is recorded, or only a bound or a range (``claim(path)`` has it).
        """
        if unit is not None and FIELD_TYPES[path] in ("text", "date"):
            raise units.UnitError(f"{path} is {FIELD_TYPES[path]}; it takes no unit (got {unit!r})")
        c = self.claim(path)
        if c is None or not c.is_point:
            return None
        if c.is_number:
            return c.to(unit or units.CANONICAL[units.dimension(c.unit)])
        return c.value

    def dense(self, precision: str) -> Claim | None:
        """The dense peak claim for ``precision`` (matrix unit where there is one)."""
        return self.claim(f"compute.{precision}.dense")

    @property
    def sources(self) -> tuple[Source, ...]:
        """Every source this entry cites, each once, in first-cited order."""
        seen: dict[str, Source] = {}
        for claims in self.fields.values():
            for c in claims:
                seen.setdefault(c.source.id, c.source)
        for c in self.prices:
            seen.setdefault(c.source.id, c.source)
        for comp in self.contains:
            seen.setdefault(comp.source.id, comp.source)
        for g in self.gaps.values():
            if g.source is not None:
                seen.setdefault(g.source.id, g.source)
        for r in self.relations:
            seen.setdefault(r.source.id, r.source)
        return tuple(seen.values())

    def __str__(self) -> str:
        return self.name


def _check_path(path: str) -> None:
    if path not in FIELD_TYPES:
        import difflib

        from .errors import UnknownFieldError, did_you_mean

        close = difflib.get_close_matches(path, FIELD_TYPES, n=3)
        hint = did_you_mean(close) if close else "see accelspec.model.FIELD_TYPES"
        raise UnknownFieldError(path, list(FIELD_TYPES), hint)
