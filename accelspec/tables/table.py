"""The :class:`Table`: entries over fields and metrics, every cell with its provenance.

Values built on press claims, estimates or rumours carry a footnote mark, and the footnotes
name the sources. ``print(table)`` gives text; Jupyter shows HTML (``_repr_html_``);
``to_string(fmt)`` takes any tabulate format; ``to_records``, ``to_csv``, ``to_json`` and
``to_dataframe`` export the numbers in the registry's units.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

from .. import metrics
from ..model import VENDOR_OR_MEASURED, Accelerator

MISSING = "—"
# a missing value says which of the three reasons applies (model.GAP_REASONS); "—" is "not yet found"
GAP_MARKS = {"not-supported": "n/s", "not-published": "n/p"}
DERIVED = "*"  # a value derived from its source's figures, or whose dense basis was inferred


def derived(claims) -> bool:
    """Whether any of these claims was derived (or its dense basis inferred): it gets the '*' mark."""
    return any(c.derivation for c in claims)


def label(name: str) -> str:
    """A short column label for a metric name, without the unit (the registry's ``Metric.label``)."""
    return metrics.get_metric(name).label


def header(name: str) -> str:
    m = metrics.get_metric(name)
    return f"{m.label} [{m.unit}]"

def _decimals(values: Sequence[float]) -> int:
    """Decimals for a column: enough for its typical magnitude, the same for every row."""
    vals = sorted(abs(v) for v in values if v)
    if not vals:
        return 0
    typical = vals[len(vals) // 2]
    if typical >= 100:
        return 0
    if typical >= 10:
        return 1
    if typical >= 1:
        return 2
    return max(2, -int(math.floor(math.log10(typical))) + 2)


def _fmt(v: float, decimals: int) -> str:
    return f"{v:,.{decimals}f}"


class Table:
    """A comparison of entries over fields and metrics, with provenance per cell."""

    def __init__(self, entries: Sequence[Accelerator], fields: Sequence[str], *, baseline: Accelerator | None = None,
                 layout: str = "auto", ctx: metrics.Context = metrics.DEFAULT, title: str | None = None,
                 sort: str | None = None, ascending: bool = False):
        self.fields = list(fields)
        self._metrics = {f: metrics.get_metric(f) for f in self.fields}
        self.ctx = ctx
        self.baseline = baseline
        self.title = title
        self.results: dict[str, dict[str, metrics.Result]] = {
            e.id: {f: self._metrics[f](e, ctx) for f in self.fields} for e in entries
        }
        self.base_results = {f: self._metrics[f](baseline, ctx) for f in self.fields} if baseline else None
        entries = list(entries)
        if sort:
            key_metric = metrics.get_metric(sort)
            vals = {e.id: key_metric(e, ctx).value for e in entries}
            present = [e for e in entries if vals[e.id] is not None]
            absent = [e for e in entries if vals[e.id] is None]
            present.sort(key=lambda e: vals[e.id], reverse=not ascending)
            entries = present + absent
        self.entries = entries
        self.layout = ("columns" if len(entries) <= 5 else "rows") if layout == "auto" else layout
        self._footnotes: dict[str, int] = {}

    # ------------------------------------------------------------------ cells

    def _decimals(self) -> dict[str, int]:
        return {f: _decimals([self.results[e.id][f].value for e in self.entries if self.results[e.id][f].value])
                for f in self.fields}

    def _mark(self, r: metrics.Result) -> str:
        marks = [DERIVED] if derived(r.inputs) else []
        for c in r.inputs:
            if c.effective_kind not in VENDOR_OR_MEASURED:
                key = f"{c.effective_kind}|{c.source.id}"
                if key not in self._footnotes:
                    self._footnotes[key] = len(self._footnotes) + 1
                n = self._footnotes[key]
                if f"[{n}]" not in marks:
                    marks.append(f"[{n}]")
        return "".join(marks)

    def _ratio(self, f: str, r: metrics.Result) -> str:
        b = self.base_results[f] if self.base_results else None
        if b is None or b.missing or r.missing:
            return MISSING
        return f"{r.value / b.value:.2f}×"

    def cell(self, e: Accelerator, f: str, decimals: int) -> str:
        r = self.results[e.id][f]
        if r.missing:
            return GAP_MARKS.get(r.gap, MISSING)
        return _fmt(r.value, decimals) + self._mark(r)

    def _grid(self) -> tuple[list[str], list[list[str]]]:
        self._footnotes = {}
        dec = self._decimals()
        base_name = self.baseline.name if self.baseline else ""
        if self.layout == "columns":
            headers = ["", *[_short(e.name) for e in self.entries]]
            rows = []
            for f in self.fields:
                rows.append([header(f), *[self.cell(e, f, dec[f]) for e in self.entries]])
                if self.baseline is not None:
                    # a row of its own keeps the columns narrow enough for 100 columns
                    rows.append([f"  ×{_short(base_name)}", *[self._ratio(f, self.results[e.id][f]) for e in self.entries]])
            return headers, rows
        headers = ["Chip", *[header(f) for f in self.fields]]
        if self.baseline is not None:
            headers += [f"{label(f)} ×{_short(base_name)}" for f in self.fields]
        rows = []
        for e in self.entries:
            row = [_short(e.name), *[self.cell(e, f, dec[f]) for f in self.fields]]
            if self.baseline is not None:
                row += [self._ratio(f, self.results[e.id][f]) for f in self.fields]
            rows.append(row)
        return headers, rows

    def footnotes(self) -> list[str]:
        """Footnotes for the marks of the last render: which sources, of which kind."""
        srcs = {}
        for e in self.entries:
            for r in self.results[e.id].values():
                for c in r.inputs:
                    srcs[f"{c.effective_kind}|{c.source.id}"] = c
        out = []
        for key, n in sorted(self._footnotes.items(), key=lambda kv: kv[1]):
            c = srcs[key]
            out.append(f"[{n}] {c.effective_kind}: {c.source.cite()}")
        return out

    def notes(self) -> list[str]:
        lines = []
        if any(f.endswith("_sparse") for f in self.fields):
            lines.append("Sparse columns are peaks with structured sparsity; all other compute figures are dense.")
        else:
            lines.append("Compute figures are dense peaks (matrix units where the chip has them).")
        if self._footnotes:
            lines.append("[n] marks a value resting on a source that is neither the vendor nor a measurement "
                         "(analyst, press, community, estimate or rumour): footnote n names it.")
        if any(derived(r.inputs) for rs in self.results.values() for r in rs.values() if not r.missing):
            lines.append(f"{DERIVED} marks a value derived from what its source prints, or whose dense basis was "
                         "inferred (dense from a documented 2:1 sparse figure, cores × clock, a measured dense GEMM "
                         "over half of it): `accelspec show CHIP` gives each derivation.")
        gaps = {r.gap for rs in self.results.values() for r in rs.values() if r.missing}
        legend = [f"{mark} {reason.replace('-', ' ')}" for reason, mark in GAP_MARKS.items() if reason in gaps]
        if legend:
            lines.append("; ".join(legend + [f"{MISSING} not yet found"]) + ".")
        lines += self.missing_notes()
        lines += self.measured_notes()
        return lines

    def measured_notes(self) -> list[str]:
        """The citation each column's metric gives for the values shown (MLPerf's terms ask for one per result):
        one line per column, naming every result in the table's order."""
        out: list[str] = []
        for f in self.fields:
            cite = self._metrics[f].cite
            shown = [e.id for e in self.entries if not self.results[e.id][f].missing]
            text = cite(shown) if cite is not None and shown else None
            if text:
                out.append(text)
        return out

    def missing_notes(self) -> list[str]:
        """Why each "—" is missing, grouped by field and reason: "Power: no TDP (Ascend 910C)"."""
        out = []
        for f in self.fields:
            reasons: dict[tuple[str, str], list[str]] = {}
            for e in self.entries:
                r = self.results[e.id][f]
                if r.missing:
                    reasons.setdefault((GAP_MARKS.get(r.gap, MISSING), r.reason), []).append(e.name)
            for (mark, reason), chips in reasons.items():
                out.append(f"{mark} {label(f)}: {reason} ({', '.join(chips)})")
        return out

    # ------------------------------------------------------------------ output

    def to_string(self, fmt: str = "simple", width: int = 100) -> str:
        """The table in a tabulate format; text formats keep every line within ``width`` columns.

        Headers wrap at word boundaries, never mid-word; a many-chip table (chips as rows) whose
        columns would not fit is printed as several blocks, each repeating the chip column.
        """
        from tabulate import tabulate

        headers, rows = self._grid()
        text_fmt = fmt if fmt not in ("text", "markdown") else ("simple" if fmt == "text" else "github")
        blocks = [(headers, rows)]
        if text_fmt in ("simple", "plain", "grid"):
            blocks = _fit(headers, rows, width, gap=3 if text_fmt == "grid" else 2)
        tables = []
        for hs, rs in blocks:
            colalign = ["left"] + ["right"] * (len(hs) - 1)
            tables.append(tabulate(rs, headers=hs, tablefmt=text_fmt, colalign=colalign, disable_numparse=True))
        parts = []
        if self.title:
            parts.append(self.title)
        parts.append("\n\n".join(tables))
        if text_fmt in ("html", "latex"):
            return "\n".join(parts)
        extra = self.notes() + self.footnotes()
        if fmt in ("github", "pipe", "markdown"):
            extra = [f"- {x}" for x in extra]
        elif text_fmt in ("simple", "plain", "grid"):
            import textwrap

            # notes wrap at the table's width too; an address is never broken (it may stand alone on its line)
            extra = [textwrap.fill(x, width, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
                     for x in extra]
        return "\n".join(parts + [""] + extra)

    def render(self, fmt: str = "text", width: int = 100) -> str:
        if fmt == "csv":
            return self.to_csv()
        if fmt == "json":
            return self.to_json()
        return self.to_string(fmt, width)

    def __str__(self) -> str:
        return self.to_string("simple")

    def __repr__(self) -> str:
        return f"<Table: {len(self.entries)} chips × {len(self.fields)} fields>\n{self}"

    def _repr_html_(self) -> str:
        html = self.to_string("html")
        notes = "".join(f"<li>{_esc(x)}</li>" for x in self.notes() + self.footnotes())
        return f"<div>{html}<ul style='font-size:smaller'>{notes}</ul></div>"

    def _repr_markdown_(self) -> str:
        return self.to_string("github")

    def to_records(self) -> list[dict]:
        """One dict per chip: id, name, then each field under its registry name, in its registry unit.

        Beside each field ``f``: ``f_kind``, the least trusted kind of source behind the value (what
        the text table marks), and ``f_missing``, why the value is missing (None when present);
        with a baseline, ``f_ratio`` against it.
        """
        out = []
        for e in self.entries:
            rec: dict = {"id": e.id, "name": e.name}
            for f in self.fields:
                r = self.results[e.id][f]
                rec[f] = r.value
                rec[f"{f}_kind"] = r.weakest_kind if not r.missing else None
                rec[f"{f}_missing"] = r.reason
                if self.baseline is not None:
                    b = self.base_results[f]
                    rec[f"{f}_ratio"] = None if r.missing or b.missing else r.value / b.value
            out.append(rec)
        return out

    def columns(self) -> list[str]:
        """The record keys, in order (the CSV header)."""
        suffixes = ("", "_kind", "_missing") + (("_ratio",) if self.baseline is not None else ())
        return ["id", "name", *[f + s for f in self.fields for s in suffixes]]

    def to_json(self) -> str:
        return json.dumps(self.to_records(), ensure_ascii=False, indent=2)

    def to_csv(self) -> str:
        from ..formats.flat import to_csv

        return to_csv(self.to_records(), self.columns())

    def units(self) -> dict[str, str]:
        return {f: self._metrics[f].unit for f in self.fields}

    def to_dataframe(self):
        """A pandas DataFrame indexed by id (pandas is imported only here)."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise ImportError("Table.to_dataframe() needs pandas: pip install 'accelspec[pandas]'") from None
        df = pd.DataFrame.from_records(self.to_records()).set_index("id")
        df.attrs["units"] = self.units()
        return df


def _wrap(text: str, width: int) -> str:
    """Wrap at spaces and after slashes or brackets, never inside a word ("Mem. / bandwidth")."""
    import textwrap

    if len(text) <= width:
        return text
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))


def _col_width(header: str, cells: list[str]) -> int:
    # tabulate pads header cells by 2 (its MIN_PADDING); value cells are as long as they are
    return max([len(x) + 2 for x in header.split("\n")] + [len(c) for c in cells])


def _fit(headers: list[str], rows: list[list[str]], width: int, gap: int = 2) -> list[tuple[list[str], list[list[str]]]]:
    """Wrap headers and first-column labels, then cut the other columns into blocks that fit ``width``.

    Each block repeats the first column (the chip, or the field). ``gap`` is what the format puts
    between columns (2 spaces; 3 for grid's " | ", which also draws an outer border of 2 more).
    One block when everything fits, as a five-chip comparison at 100 columns does.
    """
    n = len(headers)
    width -= 2 * (gap - 2) + (2 if gap > 2 else 0)
    maxw = max(10, min(16, (width - 16) // max(n - 1, 1) - gap))
    heads = [headers[0], *[_wrap(h, maxw) for h in headers[1:]]]
    widths = [_col_width(heads[i], [r[i] for r in rows]) for i in range(1, n)]
    longest = max([len(r[0]) for r in rows] + [len(heads[0])])
    first = max(14, min(28, longest, width - sum(widths) - gap * (n - 1)))
    if sum(widths) + gap * (n - 1) + first > width:
        first = max(14, min(28, longest))
    room = width - first
    blocks, current, used = [], [], 0
    for i, w in enumerate(widths, start=1):
        if current and used + w + gap > room:
            blocks.append(current)
            current, used = [], 0
        current.append(i)
        used += w + gap
    if current:
        blocks.append(current)
    out = []
    for cols in blocks:
        hs = [_wrap(heads[0], first), *[heads[i] for i in cols]]
        out.append((hs, [[_wrap(r[0], first), *[r[i] for i in cols]] for r in rows]))
    return out


def _short(name: str) -> str:
    return name


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
