"""The HTML of each page but the chip pages (:mod:`.chip`): the catalog index, charts, coverage,
the chips in the news, and the one-page comparison of chips named on the command line."""

from __future__ import annotations

from collections.abc import Sequence

from .. import metrics
from ..model import PRECISIONS, Accelerator
from ..names import vendor_name
from .markup import GAP_LEGEND, Footnotes, chip_href, eccn_text, esc, page, value_cell

COLUMNS = ("memory_gb", "memory_bandwidth_gbs", "tdp_w", "bf16_tflops", "fp8_tflops", "int8_tops",
           "bf16_tflops_per_watt", "scaleup_bandwidth_gbs", "tpp")
"""The metric columns of the index, by registry name (labels and units come from the registry)."""
FILTERS = ("vendor", "status", "market", "precision")
NEWS = ("H200", "H20", "Ascend 910C", "Ascend 910B", "MLU590", "P800", "MTT S4000", "Jiangyuan D20")
"""The chips in the news (the coverage report's group, by name as the press writes them)."""
CHARTS = (("perf_per_watt", "BF16 dense peak against power"), ("roofline", "Roofline, BF16 dense"),
          ("timeline", "BF16 dense peak by announced date"), ("export_control", "Export-control classes (ECCN 3A090)"),
          ("measured_vs_peak", "Measured against peak: MLPerf Inference llama2-70b-99 Offline"))


def precisions(e: Accelerator) -> list[str]:
    """Precisions with a dense (or unspecified) peak recorded, for the precision filter."""
    return [p for p in PRECISIONS if e.fields.get(f"compute.{p}.dense") or e.fields.get(f"compute.{p}.unspecified")]


def _header(name: str) -> str:
    m = metrics.get_metric(name)
    return f'<th title="{esc(m.description)}">{esc(m.label)} [{esc(m.unit)}]</th>'


def _select(key: str, values: Sequence[str], show=str) -> str:
    opts = "".join(f'<option value="{esc(v)}">{esc(show(v))}</option>' for v in values)
    return (f'<label>{esc(key)} <select data-filter="{esc(key)}" id="filter-{esc(key)}">'
            f'<option value="">all</option>{opts}</select></label>')


def index_page(entries: Sequence[Accelerator], ctx: metrics.Context) -> str:
    """The whole catalog as one sortable, filterable table, each chip linked to its page."""
    notes = Footnotes()
    rows = []
    for e in entries:
        cells = [f'<td data-sort="{esc(e.name)}"><a href="{chip_href(e.id)}">{esc(e.name)}</a></td>',
                 f'<td data-sort="{esc(e.vendor)}">{esc(vendor_name(e.vendor))}</td>',
                 f"<td data-sort=\"{esc(e.level)}\">{esc(e.level)}</td>",
                 f"<td data-sort=\"{esc(e.status)}\">{esc(e.status)}</td>",
                 f"<td data-sort=\"{esc(e.market)}\">{esc(e.market)}</td>"]
        cells += [value_cell(metrics.compute(e, name, ctx), notes) for name in COLUMNS]
        data = (f'data-id="{esc(e.id)}" data-vendor="{esc(e.vendor)}" data-status="{esc(e.status)}" '
                f'data-market="{esc(e.market)}" data-precision="{esc(" ".join(precisions(e)))}"')
        rows.append(f"<tr {data}>{''.join(cells)}</tr>")
    heads = ("<tr>" + "".join(f'<th data-type="text">{h}</th>' for h in ("Chip", "Vendor", "Level", "Status", "Market"))
             + "".join(_header(n) for n in COLUMNS) + "</tr>")
    values = {"vendor": sorted({e.vendor for e in entries}), "status": sorted({e.status for e in entries}),
              "market": sorted({e.market for e in entries}),
              "precision": [p for p in PRECISIONS if any(p in precisions(e) for e in entries)]}
    filters = "".join(_select(k, values[k], vendor_name if k == "vendor" else str) for k in FILTERS)
    body = (f'<p>{len(entries)} catalog entries. Click a column header to sort; a chip\'s name opens every claim '
            "behind its numbers, each with its source. Compute figures are dense peaks.</p>\n"
            f'<div class="filters">{filters}<span class="count" id="count"></span></div>\n'
            f'<table id="catalog" data-sortable><thead>{heads}</thead><tbody>\n' + "\n".join(rows)
            + f"\n</tbody></table>\n{GAP_LEGEND}\n{notes.html()}")
    return page("accelspec: AI accelerator catalog", body)


def charts_page(skipped: dict[str, list[str]]) -> str:
    """The charts as SVG images; ``skipped`` holds each chart's warnings (chips left out, and why)."""
    parts = []
    for name, title in CHARTS:
        warns = "".join(f'<p class="warn">{esc(w)}</p>' for w in skipped.get(name, ()))
        warn = f"<details><summary>Chips left out, and why</summary>{warns}</details>" if warns else ""
        parts.append(f'<figure id="{name}"><img src="charts/{name}.svg" alt="{esc(title)}">'
                     f"<figcaption>{esc(title)}</figcaption>{warn}</figure>")
    intro = ("<p>Colour: the vendor. Filled marks rest on vendor or measured figures only; hollow marks on at "
             "least one analyst, press, community, estimate or rumour figure. Circles ship or sample, diamonds "
             "are announced, triangles rumoured.</p>")
    return page("Charts", intro + "\n".join(parts))


def coverage_page(rows: list[dict], summary: dict[str, dict], field_labels: Sequence[str]) -> str:
    """What the catalog knows per entry and field, the reason for every empty field on hover."""
    marks = {"not-supported": "n/s", "not-published": "n/p"}
    body = []
    for r in rows:
        cells = [f'<td><a href="{chip_href(r["id"])}">{esc(r["id"])}</a></td>']
        for label in field_labels:
            kind = r["fields"][label]
            if kind:
                cells.append(f'<td class="kind-{esc(kind)}">{esc(kind)}</td>')
            elif label in r["reasons"]:
                reason = r["reasons"][label]
                cells.append(f'<td class="empty" title="{esc(reason.replace("-", " "))}">'
                             f'{esc(marks.get(reason, "—"))}</td>')
            else:
                cells.append('<td class="empty" title="does not apply at this level">n/a</td>')
        cells.append(f'<td class="num" data-sort="{r["filled"]}">{r["filled"]}/{r["expected"]}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    heads = "".join(f"<th>{esc(h)}</th>" for h in ("entry", *field_labels, "filled"))
    sums = []
    for name, s in summary.items():
        share = "—" if s["share_filled"] is None else f"{s['share_filled']:.0%}"
        sums.append(f"<tr><td>{esc(name)}</td><td class=\"num\">{s['entries']}</td>"
                    f"<td class=\"num\">{s['filled']}/{s['expected']}</td><td class=\"num\">{share}</td></tr>")
    text = ("<p>Each filled field shows the kind of source behind its value; an empty field says why "
            "(hover): n/s not supported, n/p not published by the vendor, — not yet found; n/a does not apply "
            "at the entry's level.</p>")
    return page("Coverage", text + f'<table id="coverage" data-sortable><thead><tr>{heads}</tr></thead><tbody>'
                + "\n".join(body) + "</tbody></table>\n<h2>By vendor and group</h2>\n<table><thead><tr><th>vendor / "
                "group</th><th>entries</th><th>filled</th><th>share</th></tr></thead><tbody>" + "".join(sums)
                + "</tbody></table>")


def table_html(table) -> str:
    """A :class:`accelspec.tables.Table` as the notebook shows it (tabulate escapes its cells)."""
    return table._repr_html_()


def news_page(table, missing: Sequence[str]) -> str:
    note = (f"<p class=\"warn\">Not in this catalog: {esc(', '.join(missing))}.</p>" if missing else "")
    return page("Chips in the news", "<p>The chips of current export-control and supply news, side by side "
                "(dense peaks; [n] marks a value not from the vendor or a measurement).</p>" + note
                + (table_html(table) if table is not None else "<p>None of them is in this catalog.</p>"))


def comparison_page(entries: Sequence[Accelerator], table, classes, charts: Sequence[tuple[str, str]]) -> str:
    """One page comparing the chips named on the command line: the table, their export-control readings, charts."""
    links = ", ".join(esc(e.name) for e in entries)
    rows = "".join(f"<tr><td>{esc(c.name)}</td><td>{esc(eccn_text(c))}</td>"
                   f"<td>{esc(c.reasons.get('eccn_2023', ''))}</td></tr>" for c in classes)
    figs = "".join(f'<figure><img src="charts/{name}.svg" alt="{esc(title)}"><figcaption>{esc(title)}</figcaption>'
                   "</figure>" for name, title in charts)
    body = (f"<p>{links}</p>\n" + table_html(table)
            + "<h2>Export-control classification (ECCN 3A090, 2023 rule)</h2>"
            + f"<table id=\"exportcontrol\"><thead><tr><th>chip</th><th>class</th><th>why</th></tr></thead><tbody>{rows}"
            + "</tbody></table><p class=\"notes\">Not legal advice.</p>\n" + figs)
    return page("accelspec: comparison", body, nav=False)
