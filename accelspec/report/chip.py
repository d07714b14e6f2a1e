"""The HTML of one chip's page: every field with every claim beside its source, the gaps and why,
prices, parts, its MLPerf results and its export-control reading."""

from __future__ import annotations

from collections.abc import Sequence

from .. import metrics
from ..model import FIELD_TYPES, Accelerator, Claim, pick
from ..names import vendor_name
from .markup import Footnotes, chip_href, eccn_text, esc, kind_badge, page, source_link, value_cell

RESULT_ROWS = 8
"""MLPerf results shown on a chip page (the newest rounds first); the page says how many there are."""


def _claim_row(label: str, c: Claim, shown: bool, n: int) -> str:
    extra = "; ".join(x for x in (c.note, f"“{c.quote}”" if c.quote else None, c.derivation) if x)
    head = f'<td rowspan="{n}">{esc(label)}</td>' if label else ""
    return (f'<tr class="{"shown" if shown else "other"}">{head}<td>{esc(c.value_text())}'
            f'{" ✓" if shown and n > 1 else ""}</td><td>{kind_badge(c.effective_kind)}</td>'
            f"<td>{source_link(c.source)}</td><td>{esc(extra)}</td></tr>")


def _gap_row(path: str, g) -> str:
    src = source_link(g.source) if g.source else esc(f"searched: {g.searched}" if g.searched else "")
    return (f'<tr class="gap"><td>{esc(path)}</td><td class="empty">{esc(g.describe(full=False))}</td>'
            f'<td>{kind_badge(g.source.kind) if g.source else ""}</td><td>{src}</td>'
            f"<td>{esc(g.note or g.quote or '')}</td></tr>")


def fields_html(e: Accelerator) -> str:
    rows = []
    for path in FIELD_TYPES:
        claims = e.fields.get(path, ())
        if claims:
            best = pick(claims)
            for i, c in enumerate(claims):
                rows.append(_claim_row(path if i == 0 else "", c, c is best, len(claims)))
        elif path in e.gaps:
            rows.append(_gap_row(path, e.gaps[path]))
    # a gap on a whole precision ("compute.fp8") is not a field path of its own: listed after the fields
    rows += [_gap_row(path, g) for path, g in e.gaps.items() if path not in FIELD_TYPES]
    if not rows:
        return "<p>No fields recorded.</p>"
    return ('<table id="claims"><thead><tr><th>field</th><th>value</th><th>kind</th><th>source</th><th>note</th>'
            "</tr></thead><tbody>" + "\n".join(rows) + "</tbody></table>\n<p class=\"notes\">Where sources "
            "disagree every claim is listed; ✓ marks the one shown (a value before a bound, vendor before measured, "
            "analyst, press, community, estimate, rumour; then the newest source).</p>")


def identity_html(e: Accelerator, known: set[str]) -> str:
    rows = [("name", esc(e.name)), ("id", esc(e.id)), ("vendor", esc(vendor_name(e.vendor))),
            ("family", esc(e.family or "")), ("kind", esc(e.kind)), ("level", esc(e.level)),
            ("form factor", esc(e.form_factor or "")), ("status", esc(e.status)), ("market", esc(e.market)),
            ("region", esc(e.region)), ("aliases", esc(", ".join(e.aliases)))]
    link = (lambda i: f'<a href="{chip_href(i, 1)}">{esc(i)}</a>' if i in known else esc(i))
    if e.variants:
        rows.append(("variants", ", ".join(link(v) for v in e.variants)))
    if e.replaces:
        rows.append(("replaces", link(e.replaces)))
    for comp in e.contains:
        rows.append(("contains", f"{comp.count} × {link(comp.id)} ({source_link(comp.source)})"))
    return "<table id=\"identity\"><tbody>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows if v) \
        + "</tbody></table>"


def metrics_html(e: Accelerator, names: Sequence[str], ctx: metrics.Context) -> str:
    notes = Footnotes()
    rows = []
    for name in names:
        m = metrics.get_metric(name)
        rows.append(f"<tr><th title=\"{esc(m.description)}\">{esc(m.label)}</th>"
                    f"{value_cell(m(e, ctx), notes)}<td>{esc(m.unit)}</td></tr>")
    return "<table id=\"metrics\"><tbody>" + "".join(rows) + "</tbody></table>" + notes.html()


def results_html(rows) -> str:
    if not rows:
        return "<p>No MLPerf result names this entry.</p>"
    newest = sorted(rows, key=lambda r: (r.version, r.id), reverse=True)[:RESULT_ROWS]
    body = "".join(
        f"<tr><td><a href=\"{esc(r.url)}\">{esc(r.id)}</a></td><td>{esc(r.suite)} {esc(r.version)}</td>"
        f"<td>{esc(r.benchmark)}</td><td>{esc(r.scenario or '')}</td>"
        f"<td class=\"num\">{r.value:,.6g} {esc(r.unit)}</td><td>{esc(r.submitter)}</td><td>{esc(r.system)}</td>"
        f"<td class=\"num\">{r.accelerators}</td></tr>" for r in newest)
    return (f"<p>{len(rows)} result{'s' if len(rows) != 1 else ''}; the {len(newest)} newest shown. Values are per "
            "system, as MLPerf publishes them.</p><table id=\"results\"><thead><tr><th>result ID</th><th>round</th>"
            "<th>benchmark</th><th>scenario</th><th>value</th><th>submitter</th><th>system</th><th>accelerators</th>"
            f"</tr></thead><tbody>{body}</tbody></table>")


def exportcontrol_html(c) -> str:
    tpp = "unknown" if c.tpp is None else f"{c.tpp:,.0f}" + (f" ({c.tpp_precision.upper()})" if c.tpp_precision else "")
    pd = "unknown" if c.performance_density is None else f"{c.performance_density:,.2f}"
    rows = [("class (2023 rule)", eccn_text(c), c.reasons.get("eccn_2023", "")),
            ("TPP", tpp, c.reasons.get("tpp", "")), ("performance density", pd, c.reasons.get("performance_density", "")),
            ("2022 rule", c.eccn_2022 or ("undecided" if "eccn_2022" in c.undecided else "not controlled"),
             c.reasons.get("eccn_2022", "")),
            ("2026 China review", c.china_review_2026 or "", c.reasons.get("china_review_2026", ""))]
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td><td>{esc(w)}</td></tr>" for k, v, w in rows)
    notes = "".join(f"<li>{esc(n)}</li>" for n in c.notes)
    missing = f"<p class=\"notes\">Missing inputs: {esc(', '.join(c.missing))}.</p>" if c.missing else ""
    return (f"<table id=\"exportcontrol\"><tbody>{body}</tbody></table>{missing}"
            f"<ul class=\"notes\">{notes}<li>Not legal advice.</li></ul>")


def chip_page(e: Accelerator, *, known: set[str], ctx: metrics.Context, metric_names: Sequence[str],
              results, classification) -> str:
    body = (f'<div class="top"><div>{identity_html(e, known)}</div>\n<div><h2>Main figures</h2>\n'
            f"{metrics_html(e, metric_names, ctx)}</div></div>"
            + "\n<h2>Every claim, with its source</h2>\n" + fields_html(e))
    if e.prices:
        rows = "".join(f"<tr><td>{esc(c.value_text())}</td><td>{kind_badge(c.effective_kind)}</td>"
                       f"<td>{source_link(c.source)}</td><td>{esc(c.item or c.note or '')}</td></tr>" for c in e.prices)
        body += f"\n<h2>Prices</h2>\n<table id=\"prices\"><tbody>{rows}</tbody></table>"
    body += "\n<h2>Measured: MLPerf</h2>\n" + results_html(results)
    body += "\n<h2>US export control</h2>\n" + exportcontrol_html(classification)
    if e.notes:  # long (sources weighed against each other): last, so the figures come first
        body += f"\n<h2>Notes</h2>\n<p class=\"entry-notes\">{esc(e.notes)}</p>"
    return page(e.name, body, depth=1)
