"""HTML building blocks of the report: escaping, the page frame, links, marks and empty cells.

Every text that comes from the catalog passes through :func:`esc` (``html.escape``, quotes
included, since text also lands in ``title`` and ``data-`` attributes). Pages live at two
depths (the top folder and ``chips/``); ``depth`` gives the relative prefix so the site works
when opened from the file system.
"""

from __future__ import annotations

import html
import re

from ..model import VENDOR_OR_MEASURED, Source
from ..tables.table import DERIVED, GAP_MARKS, derived
from ..tables.table import MISSING as NOT_FOUND  # the text tables' marks: n/s, n/p, — not yet found, * derived
NAV = (("index.html", "Catalog"), ("charts.html", "Charts"), ("coverage.html", "Coverage"),
       ("news.html", "Chips in the news"))
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def esc(x: object) -> str:
    return html.escape(str(x), quote=True)


def chip_href(entry_id: str, depth: int = 0) -> str:
    """The chip page's address relative to a page at ``depth`` (ids are checked: they become file names)."""
    if not _SAFE_ID.match(entry_id):
        raise ValueError(f"entry id {entry_id!r} cannot be a file name; ids are lower-case letters, digits, '.', '-'")
    return f"{'../' * depth}chips/{entry_id}.html"


def page(title: str, body: str, depth: int = 0, nav: bool = True) -> str:
    """A whole HTML document: UTF-8 (Chinese names), the shipped stylesheet and script, the navigation."""
    up = "../" * depth
    links = "".join(f'<a href="{up}{href}">{esc(text)}</a>' for href, text in NAV) if nav else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{esc(title)}</title>\n"
        f"<link rel=\"stylesheet\" href=\"{up}assets/report.css\">\n"
        f"<script src=\"{up}assets/report.js\"></script>\n</head>\n<body>\n"
        + (f"<nav>{links}</nav>\n" if nav else "")
        + f"<h1>{esc(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def source_link(s: Source) -> str:
    """A source's citation, linked to its address when it has one (and to where it was read, if elsewhere)."""
    text = esc(s.cite() if not s.url else s.cite().rsplit(" <", 1)[0])
    out = f'<a href="{esc(s.url)}">{text}</a>' if s.url else text
    if s.read_at:
        out += f' (read at <a href="{esc(s.read_at)}">{esc(s.read_at)}</a>)'
    return out


def kind_badge(kind: str) -> str:
    return f'<span class="kind kind-{esc(kind)}">{esc(kind)}</span>'


class Footnotes:
    """Numbered marks for values resting on a source that is neither the vendor nor a measurement.

    The same rule as ``accelspec.tables``: one number per (kind, source); the list below the table
    names each.
    """

    def __init__(self) -> None:
        self._n: dict[tuple[str, str], int] = {}
        self._src: dict[tuple[str, str], Source] = {}
        self._derived = False

    def mark(self, claims) -> str:
        claims = list(claims)
        marks = []
        if derived(claims):  # the same '*' as the text tables
            marks.append(DERIVED)
            self._derived = True
        for c in claims:
            kind = c.effective_kind
            if kind in VENDOR_OR_MEASURED:
                continue
            key = (kind, c.source.id)
            if key not in self._n:
                self._n[key] = len(self._n) + 1
                self._src[key] = c.source
            m = f"[{self._n[key]}]"
            if m not in marks:
                marks.append(m)
        return f'<sup class="mark">{"".join(marks)}</sup>' if marks else ""

    def html(self) -> str:
        derived = ("<p class=\"footnotes\">* marks a value derived from what its source prints, or whose dense "
                   "basis was inferred; each claim below says how.</p>\n") if self._derived else ""
        if not self._n:
            return derived
        items = "".join(f"<li value=\"{n}\">{esc(kind)}: {source_link(self._src[(kind, sid)])}</li>"
                        for (kind, sid), n in sorted(self._n.items(), key=lambda kv: kv[1]))
        return (derived + "<p class=\"footnotes\">[n] marks a value resting on a source that is neither the vendor "
                f"nor a measurement; footnote n names it.</p>\n<ol class=\"footnotes\">{items}</ol>")


def empty_cell(result) -> str:
    """A metric's missing value: n/s, n/p or —, with the reason on hover (``title``)."""
    mark = GAP_MARKS.get(result.gap, NOT_FOUND)
    gap = f"{result.gap.replace('-', ' ')}: " if result.gap else ("not yet found: " if mark == NOT_FOUND else "")
    return f'<td class="num empty" title="{esc(gap + result.reason)}">{esc(mark)}</td>'


def fmt(v: float) -> str:
    """A number as a table shows it: three significant figures at most, thousands separated."""
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 10:
        return f"{v:,.1f}"
    return f"{v:.3g}"


def value_cell(result, notes: Footnotes) -> str:
    if result.missing:
        return empty_cell(result)
    return (f'<td class="num" data-sort="{result.value!r}">{esc(fmt(result.value))}'
            f"{notes.mark(result.inputs)}</td>")


GAP_LEGEND = ("<p class=\"notes\">Empty cells: n/s not supported, n/p not published by the vendor, "
              f"{NOT_FOUND} not yet found. Hover over one for the reason.</p>")


def eccn_text(c) -> str:
    """The 2023 class of a :class:`~accelspec.exportcontrol.Classification`: the ECCN, 'not controlled' or 'undecided'."""
    if "eccn_2023" in c.undecided:
        return "undecided"
    return c.eccn_2023 or "not controlled"
