"""FlagPerf's base microbenchmarks (``catalog/measurements/flagperf.toml``): measured beside rated.

Each :class:`Measurement` is one core-table row of a FlagPerf README as printed: the measured
value (测试值), FlagPerf's rated value (标定值) and their ratio, with the cards and power. They sit
beside the catalog and never replace a catalog value. :func:`achieved` divides the measured value
by the catalog's picked value for the same field (derived by accelspec, labelled so) and checks
FlagPerf's rated value against that catalog value: a difference is a :class:`Finding`, returned,
never raised. The file is written by ``scripts/ingest_flagperf.py``; its schema is in
``catalog/measurements/README.md``.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from attrs import field as _f
from attrs import frozen

from .. import units
from ..errors import CatalogError
from ..loader.common import _check_keys, _Ctx, _did_you_mean, _is_number, _require_keys, read_toml
from ..model import FIELD_TYPES

SUITE = "FlagPerf"
URL_PREFIX = "https://github.com/FlagOpen/FlagPerf/blob/"
TOLERANCE = 0.005
"""Relative difference under which FlagPerf's rated value equals the catalog's (the rounding of a printed figure)."""
DERIVED_NOTE = ("achieved = FlagPerf's measured value / the catalog's value for the field: derived by accelspec, "
                "not FlagPerf's ratio (which divides by FlagPerf's own rated value).")

_HEAD = ("suite", "repository", "commit", "retrieved", "measurement", "unmatched", "skipped", "unparsed")
_ROW = ("id", "suite", "spec", "field", "chip", "folder", "measured", "measured_unit", "measured_reason",
        "measured_printed", "rated", "rated_unit", "rated_reason", "rated_printed", "ratio_printed", "column_printed",
        "cards", "servers", "cards_per_server", "power_avg", "power_avg_printed", "power_max", "power_max_printed",
        "model_printed", "url", "commit", "retrieved", "notes")
_REQUIRED = ("id", "suite", "spec", "field", "chip", "folder", "measured_printed", "rated_printed", "ratio_printed",
             "url", "commit", "retrieved")
_TEXT = ("id", "spec", "field", "chip", "folder", "measured_printed", "rated_printed", "ratio_printed",
         "column_printed", "power_avg_printed", "power_max_printed", "model_printed", "url", "commit", "retrieved",
         "measured_reason", "rated_reason", "measured_unit", "rated_unit")


@frozen
class Measurement:
    """One FlagPerf README core-table row, as printed; ``measured``/``rated`` are None with a reason."""

    id: str
    spec: str
    field: str
    chip: str
    folder: str
    measured_printed: str
    rated_printed: str
    ratio_printed: str
    url: str
    commit: str
    retrieved: str
    measured: float | None = None
    measured_unit: str | None = None
    measured_reason: str | None = None
    rated: float | None = None
    rated_unit: str | None = None
    rated_reason: str | None = None
    column_printed: str | None = None
    cards: int | None = None
    servers: int | None = None
    cards_per_server: int | None = None
    power_avg: float | None = None
    power_avg_printed: str | None = None
    power_max: float | None = None
    power_max_printed: str | None = None
    model_printed: str | None = None
    notes: tuple[str, ...] = ()
    suite: str = SUITE

    @property
    def path(self) -> str:
        """The README's path in the repository (the URL after the commit)."""
        return self.url.split(f"/blob/{self.commit}/", 1)[-1]


@frozen
class FlagPerfFile:
    """The measurements of one file, and what the ingest left out: ``unmatched`` folders (no catalog
    entry), ``skipped`` specs (no catalog field), ``unparsed`` READMEs (no core table)."""

    measurements: tuple[Measurement, ...]
    commit: str
    retrieved: str
    unmatched: dict = _f(factory=dict)
    skipped: dict = _f(factory=dict)
    unparsed: dict = _f(factory=dict)

    def __iter__(self):
        return iter(self.measurements)

    def __len__(self) -> int:
        return len(self.measurements)

    def for_chip(self, chip_id: str) -> list[Measurement]:
        """The measurements of one catalog entry, in file order."""
        return [m for m in self.measurements if m.chip == chip_id]


@frozen
class Finding:
    """FlagPerf's rated value differs from the catalog's picked value for the same field."""

    measurement_id: str
    chip: str
    field: str
    flagperf: str
    catalog: str
    message: str


@frozen
class Achieved:
    """measured / catalog value (``value``, a fraction; derived), or why there is none; and the rated check."""

    measurement_id: str
    value: float | None
    catalog_value: float | None
    catalog_unit: str | None
    reason: str | None = None
    finding: Finding | None = None
    derived: bool = True

    def __str__(self) -> str:
        return f"{self.value * 100:.1f}% (derived)" if self.value is not None else f"— ({self.reason})"


# --------------------------------------------------------------------------- reading


def _number(ctx: _Ctx, file: str, path: str, v: Any) -> float | None:
    if _is_number(v) and math.isfinite(v) and v > 0:
        return float(v)
    ctx.add(file, path, f"value must be a finite number above 0 (got {v!r})")
    return None


def _value(ctx: _Ctx, file: str, p: str, raw: dict, what: str, dim: str | None) -> None:
    """``what`` (measured/rated) is a number with a unit of the field's dimension, or a reason; not both."""
    has, reason = what in raw, f"{what}_reason" in raw
    if has == reason:
        ctx.add(file, f"{p}.{what}", f"give {what} (with {what}_unit) or {what}_reason, exactly one")
        return
    if not has:
        return
    _number(ctx, file, f"{p}.{what}", raw[what])
    u = raw.get(f"{what}_unit")
    if not units.is_unit(u):
        ctx.add(file, f"{p}.{what}_unit", f"unknown unit {u!r}")
    elif dim is not None and units.dimension(u) != dim:
        ctx.add(file, f"{p}.{what}_unit", f"unit {u!r} is {units.dimension(u)}; {raw.get('field')} takes {dim}")


def _measurement(ctx: _Ctx, file: str, i: int, raw: Any, chips: set[str], commit: str) -> Measurement | None:
    p = f"$.measurement[{i}]"
    if not isinstance(raw, dict):
        ctx.add(file, p, f"expected a table (got {raw!r})")
        return None
    n = len(ctx.problems)
    _check_keys(ctx, file, p, raw, _ROW)
    _require_keys(ctx, file, p, raw, _REQUIRED)
    for k in _TEXT:
        if k in raw and not isinstance(raw[k], str):
            ctx.add(file, f"{p}.{k}", f"expected text (got {raw[k]!r})")
    if len(ctx.problems) > n:
        return None
    if raw["suite"] != SUITE:
        ctx.add(file, f"{p}.suite", f"expected {SUITE!r} (got {raw['suite']!r})")
    dim = None
    if raw["field"] not in FIELD_TYPES:
        ctx.add(file, f"{p}.field", f"unknown field {raw['field']!r}{_did_you_mean(raw['field'], FIELD_TYPES)}")
    elif FIELD_TYPES[raw["field"]] not in ("text", "date"):
        dim = FIELD_TYPES[raw["field"]]
        dim = dim if dim in ("compute", "bandwidth", "bytes") else None
    if raw["chip"] not in chips:
        ctx.add(file, f"{p}.chip", f"unknown accelerator {raw['chip']!r}{_did_you_mean(raw['chip'], chips)}")
    for what in ("measured", "rated"):
        _value(ctx, file, p, raw, what, dim)
    for k in ("cards", "servers", "cards_per_server"):
        if k in raw and not (isinstance(raw[k], int) and not isinstance(raw[k], bool) and raw[k] >= 1):
            ctx.add(file, f"{p}.{k}", f"expected a whole number, 1 or more (got {raw[k]!r})")
    for k in ("power_avg", "power_max"):
        if k in raw:
            _number(ctx, file, f"{p}.{k}", raw[k])
    if raw["commit"] != commit:
        ctx.add(file, f"{p}.commit", f"expected the file's commit {commit!r} (got {raw['commit']!r})")
    if not raw["url"].startswith(f"{URL_PREFIX}{raw['commit']}/"):
        ctx.add(file, f"{p}.url", f"expected an address under {URL_PREFIX}<commit>/ (got {raw['url']!r})")
    notes = raw.get("notes", [])
    if not (isinstance(notes, list) and all(isinstance(x, str) for x in notes)):
        ctx.add(file, f"{p}.notes", f"expected a list of text (got {notes!r})")
    if len(ctx.problems) > n:
        return None
    kw = {k: raw[k] for k in _ROW if k in raw and k != "notes"}
    for k in ("measured", "rated", "power_avg", "power_max"):
        if k in kw:
            kw[k] = float(kw[k])
    return Measurement(notes=tuple(notes), **kw)


def load_flagperf(path: str | Path | None = None, catalog=None) -> FlagPerfFile:
    """The measurements of a file (default: the shipped ``catalog/measurements/flagperf.toml``).

    Every problem is raised at once as a ``CatalogError`` naming the file, the
    ``$.measurement[i].key`` and the bad value; chips are checked against ``catalog``
    (default: the shipped one).
    """
    from ..catalog import builtin_catalog
    from ..catalog.build import _data_root

    p = Path(path) if path is not None else Path(_data_root()) / "measurements" / "flagperf.toml"
    shown = str(p) if path is not None else "catalog/measurements/flagperf.toml"
    ctx = _Ctx()
    doc = read_toml(p, shown, ctx) if p.is_file() else ctx.add(shown, "$", "no such file")
    if doc is None:
        raise CatalogError(ctx.problems)
    _check_keys(ctx, shown, "$", doc, _HEAD)
    commit = doc.get("commit")
    if not (isinstance(commit, str) and len(commit) == 40 and all(c in "0123456789abcdef" for c in commit)):
        ctx.add(shown, "$.commit", f"expected 40 hex digits (got {commit!r})")
    chips = set((catalog if catalog is not None else builtin_catalog()).ids)
    raw = doc.get("measurement", [])
    if not isinstance(raw, list):
        ctx.add(shown, "$.measurement", "expected an array of [[measurement]] tables")
        raw = []
    out, seen = [], set()
    for i, r in enumerate(raw):
        m = _measurement(ctx, shown, i, r, chips, commit)
        if m is not None:
            if m.id in seen:
                ctx.add(shown, f"$.measurement[{i}].id", f"id {m.id!r} is used twice")
            seen.add(m.id)
            out.append(m)
    extra = {}
    for k in ("unmatched", "skipped", "unparsed"):
        v = doc.get(k, {})
        if not isinstance(v, dict):
            ctx.add(shown, f"$.{k}", f"expected a table (got {v!r})")
            v = {}
        extra[k] = v
    if ctx.problems:
        raise CatalogError(ctx.problems)
    return FlagPerfFile(tuple(out), commit, str(doc.get("retrieved", "")), **extra)


# --------------------------------------------------------------------------- derived


def _fmt(v: float, unit: str) -> str:
    return f"{v:,.4g} {unit}"


def achieved(m: Measurement, catalog=None) -> Achieved:
    """measured / the catalog's picked value for ``m.field`` (derived), and FlagPerf's rated value checked against it."""
    from ..catalog import builtin_catalog

    cat = catalog if catalog is not None else builtin_catalog()
    claim = cat.get(m.chip).claim(m.field)
    if claim is None or not claim.is_point or not claim.is_number:
        why = "the catalog has no value for" if claim is None else "the catalog has only a bound or range for"
        return Achieved(m.id, None, None, None, reason=f"{why} {m.field}")
    unit = units.CANONICAL[units.dimension(claim.unit)]   # GB, GB/s, TFLOP/s: one unit per dimension
    value = claim.to(unit)
    finding = None
    if m.rated is not None:
        rated = units.convert(m.rated, m.rated_unit, unit)
        if abs(rated - value) > TOLERANCE * value:
            finding = Finding(m.id, m.chip, m.field, m.rated_printed, _fmt(value, unit),
                              f"{m.id}: FlagPerf rates {m.field} at {m.rated_printed} "
                              f"({_fmt(rated, unit)}); the catalog's value is {_fmt(value, unit)}")
    if m.measured is None:
        return Achieved(m.id, None, value, unit, reason=f"no measured value: {m.measured_reason}", finding=finding)
    if finding is not None:  # FlagPerf rated another figure: the part tested may not be the catalog's (A100 40GB)
        return Achieved(m.id, None, value, unit, finding=finding,
                        reason="FlagPerf's rated value differs from the catalog's: the part tested may be another one")
    return Achieved(m.id, units.convert(m.measured, m.measured_unit, unit) / value, value, unit, finding=finding)


def resolve(query: str, data: FlagPerfFile, catalog) -> str:
    """A catalog id for ``query``: a FlagPerf folder name ("A100", "nvidia/A100") or any catalog name."""
    q = query.casefold()
    for m in data:
        if q in (m.folder.casefold(), m.folder.rsplit("/", 1)[-1].casefold()):
            return m.chip
    return catalog.get(query).id   # unknown: UnknownAcceleratorError with did-you-mean


def findings(measurements, catalog=None) -> list[Finding]:
    """Every rated-value mismatch among ``measurements``, in order."""
    return [a.finding for a in (achieved(m, catalog) for m in measurements) if a.finding is not None]


# --------------------------------------------------------------------------- text


def _cell(printed: str, value: float | None) -> str:
    if value is not None:
        return printed
    return {"/": "/", "": "(empty)"}.get(printed, f"{printed} (?)")


def render(measurements, catalog=None, commit: str | None = None) -> str:
    """A text table, one block per chip (at most 100 columns), with the derived note and findings."""
    from ..catalog import builtin_catalog

    cat = catalog if catalog is not None else builtin_catalog()
    rows = list(measurements)
    head = ("spec", "measured", "rated", "ratio", "catalog", "achvd*", "cards")
    lines: list[str] = []
    found: list[Finding] = []
    above = False
    for chip in dict.fromkeys(m.chip for m in rows):
        mine = [m for m in rows if m.chip == chip]
        model = mine[0].model_printed or "?"
        lines.append(f"{chip}  (FlagPerf {mine[0].folder}, printed model {model})")
        table = [head]
        for m in mine:
            a = achieved(m, cat)
            if a.finding is not None:
                found.append(a.finding)
            catv = _fmt(a.catalog_value, a.catalog_unit) if a.catalog_value is not None else "—"
            ach = f"{a.value * 100:.1f}%" if a.value is not None else "—"
            if a.value is not None and a.value > 1:  # above the peak: another bin, or a catalog figure too low
                ach += " !"
                above = True
            table.append((m.spec, _cell(m.measured_printed, m.measured), _cell(m.rated_printed, m.rated),
                          m.ratio_printed or "(empty)", catv + (" ≠" if a.finding else ""), ach, str(m.cards or "?")))
        widths = [max(len(r[i]) for r in table) for i in range(len(head))]
        for r in table:
            lines.append(" " + "  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
        lines.append(f" source: base/benchmarks/<spec>/{mine[0].folder}/README.md")
        lines.append("")
    if rows:
        c = commit or rows[0].commit
        lines.append(f"sources: {URL_PREFIX}{c}/")
    lines.append("measured, rated (标定值) and ratio as FlagPerf prints them; catalog: the catalog's value.")
    lines.append(_wrap("* " + DERIVED_NOTE))
    if above:
        lines.append(_wrap("! = measured above the catalog's figure: the part tested may be another bin of the entry "
                           "(FlagPerf names the server, not the bin), or the catalog's figure is too low."))
    lines.append("'/' = not published by FlagPerf; '(?)' = printed without a unit"
                 + ("; ≠ = rated values differ" if found else "."))
    if found:
        lines.append("  (no achieved ratio then: the part tested may be another one):")
    return "\n".join(lines + [_wrap(f"  {f.message}") for f in found])


def _wrap(line: str, width: int = 100) -> str:
    if len(line) <= width:
        return line
    import textwrap

    return "\n".join(textwrap.wrap(line, width, subsequent_indent="    ", break_long_words=False))
