"""Writing the site: every page, the charts and the shipped assets into one folder.

The folder opens from the file system (``index.html``): relative links only, no server, no
network; the stylesheet and script are copied from ``accelspec/report/assets``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from .. import metrics
from ..catalog import Catalog, builtin_catalog
from ..errors import InvalidValueError, UnknownAcceleratorError
from . import pages
from .chip import chip_page

ASSETS = ("report.css", "report.js")


def _prepare(out: str | Path) -> Path:
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InvalidValueError("output", str(out), "a folder to write the report into (this is a file)")
    (out / "assets").mkdir(parents=True, exist_ok=True)
    folder = resources.files("accelspec.report") / "assets"
    for name in ASSETS:
        with resources.as_file(folder / name) as src:
            shutil.copyfile(src, out / "assets" / name)
    return out


def _write(path: Path, text: str, written: list[Path]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written.append(path)


def build_site(out: str | Path, *, catalog: Catalog | None = None) -> list[Path]:
    """Write the whole report into folder ``out``: index, a page per entry, charts, coverage, news.

    Returns the HTML files written (index first). ``catalog`` defaults to the shipped catalog.
    """
    from .. import coverage, exportcontrol, results
    from ..tables import compare
    from .charts import write_charts

    cat = catalog if catalog is not None else builtin_catalog()
    ctx = metrics.Context(catalog=catalog)
    out = _prepare(out)
    entries = list(cat)
    written: list[Path] = []
    _write(out / "index.html", pages.index_page(entries, ctx), written)
    known = {e.id for e in entries}
    all_results = results.builtin_results()
    for e in entries:
        rows = all_results.select([e.id], catalog=cat)
        page = chip_page(e, known=known, ctx=ctx, metric_names=pages.COLUMNS, results=rows,
                         classification=exportcontrol.classify(e, ctx=ctx))
        _write(out / "chips" / f"{e.id}.html", page, written)
    notes = write_charts(out / "charts", pages.CHARTS, None, cat)
    _write(out / "charts.html", pages.charts_page(notes), written)
    rows = coverage.coverage_rows(entries, catalog)
    labels = [label for label, _ in coverage.FIELDS]
    _write(out / "coverage.html", pages.coverage_page(rows, coverage.group_summary(rows), labels), written)
    news, missing = [], []
    for name in pages.NEWS:
        try:
            news.append(cat.get(name))
        except UnknownAcceleratorError:
            missing.append(name)
    table = compare(news, catalog=catalog) if news else None
    _write(out / "news.html", pages.news_page(table, missing), written)
    return written


def build_comparison(out: str | Path, chips: Iterable, *, catalog: Catalog | None = None) -> list[Path]:
    """Write a one-page report comparing ``chips`` (names, ids or entries) into ``out/index.html``."""
    from .. import exportcontrol
    from ..tables import compare
    from .charts import write_charts

    cat = catalog if catalog is not None else builtin_catalog()
    entries = list({e.id: e for e in (cat.get(c) for c in chips)}.values())
    if not entries:
        raise InvalidValueError("chips", list(chips), "name at least one chip to compare")
    ctx = metrics.Context(catalog=catalog)
    table = compare(entries, catalog=catalog)
    classes = [exportcontrol.classify(e, ctx=ctx) for e in entries]
    out = _prepare(out)
    charts = pages.CHARTS[:2]
    write_charts(out / "charts", charts, entries, cat)
    written: list[Path] = []
    _write(out / "index.html", pages.comparison_page(entries, table, classes, charts), written)
    return written
