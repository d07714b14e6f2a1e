"""The serving estimate as text: one block per estimate, and a summary table when there are several.

``accelspec serve`` prints :func:`render_text`; a notebook shows ``ServingEstimate._repr_html_``,
which reads the same rows (:func:`_rows`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .estimate import ServingEstimate


def _n(x: float | None, digits: int = 0) -> str:
    return "—" if x is None else f"{x:,.{digits}f}"


def _rates(r: ServingEstimate, bound: bool) -> str:
    sfx = "_bound" if bound else ""
    tpot = getattr(r, "tpot_ms" + sfx)
    if tpot is None:
        return "—"
    return (f"{_n(getattr(r, 'decode_tokens_per_s' + sfx))} tok/s ({_n(getattr(r, 'tokens_per_s_per_chip' + sfx))}"
            f"/chip, {_n(getattr(r, 'tokens_per_s_per_user' + sfx), 1)}/user; TPOT {_n(tpot, 1)} ms)")


def _rows(r: ServingEstimate) -> list[tuple[str, str]]:
    fit = {True: "fits", False: "does NOT fit", None: "fit unknown (see missing)"}[r.fits]
    inputs = "; ".join(f"{i.entry} {i.field} {i.value:g} {i.unit} ({i.kind}: {i.source}){' †' if i.press_based else ''}"
                       for i in r.inputs)
    return [
        ("plan", f"{r.plan} on {r.chips} × {r.chip} ({r.system}; scale-up domain {r.domain})"),
        ("workload", f"batch {r.batch} · {r.input_len} in / {r.output_len} out · mode {r.mode}"
         + (f" · {r.draft_tokens} draft tokens, {r.accepted:g} kept" if r.draft_tokens > 1 else "")),
        ("precision", f"weights {r.weights} · KV {r.kv} · compute {r.compute or '—'}"),
        ("memory", f"weights {_n(r.weights_gb_per_chip, 1)} GB/chip + KV {_n(r.kv_gb_per_chip, 1)} GB/chip: {fit}; "
                   f"largest batch {_n(r.max_batch)}"),
        ("decode (estimate)", _rates(r, False)),
        ("decode (bound)", _rates(r, True)),
        ("TTFT", f"estimate {_n(r.ttft_ms, 1)} ms · bound {_n(r.ttft_ms_bound, 1)} ms"),
        ("bottleneck", r.bottleneck or "—"),
        ("inputs", inputs + (" († not vendor or measured)" if any(i.press_based for i in r.inputs) else "")),
        ("missing", "; ".join(str(m) for m in r.missing) or "none"),
        ("assumptions", " | ".join(r.assumptions)),
        ("efficiency", ", ".join(f"{k} {v:g}" for k, v in r.efficiency.to_dict().items())),
    ]


def _html(v: str) -> str:
    import html

    return html.escape(v)


def _summary(results: list[ServingEstimate]) -> str:
    """The estimates side by side, under a two-line header, so that the table fits 100 columns.

    The model gets a column only when the rows differ in it; otherwise its name heads the table.
    The top-left cell is never blank, so that the command line's wrapping of indented detail lines
    leaves the header alone.
    """
    models = list(dict.fromkeys(r.model for r in results))
    top = ("fits", "", "tok/s", "", "TPOT ms", "", "TTFT ms")
    bottom = ("(max batch)", "batch", "est", "bound", "est", "bound", "est")
    fits = {True: "yes", False: "NO", None: "?"}
    rows = [(r.model, f"{r.chips}x{r.chip}", str(r.plan), f"{fits[r.fits]} ({_n(r.max_batch)})", str(r.batch),
             _n(r.decode_tokens_per_s), _n(r.decode_tokens_per_s_bound), _n(r.tpot_ms, 1), _n(r.tpot_ms_bound, 1),
             _n(r.ttft_ms)) for r in results]
    if len(models) == 1:
        table = [(models[0], "", *top), ("on", "plan", *bottom), *(row[1:] for row in rows)]
    else:
        table = [("model", "", "", *top), ("", "on", "plan", *bottom), *rows]
    widths = [max(len(x) for x in col) for col in zip(*table)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in table]
    lines.insert(2, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_text(results: list[ServingEstimate]) -> str:
    """One block per estimate; several get a summary table first."""
    blocks = []
    if len(results) > 1:
        blocks.append(_summary(results))
    for r in results:
        width = max(len(k) for k, _ in _rows(r))
        lines = [f"{r.model} on {r.chips} × {r.chip}"] + [f"  {k.ljust(width)}  {v}" for k, v in _rows(r)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
