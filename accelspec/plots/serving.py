"""Throughput against interactivity for the serving estimate: one curve per (model, hardware) configuration.

Each configuration is swept over the batch (:func:`accelspec.serving.sweep`); every batch gives a
point at (tokens/s per user, tokens/s per chip), or (TPOT, tokens/s per chip). The estimate is a
solid line with a mark per batch, the bound (efficiencies 1, no latency) the dashed line of the
same colour: no real deployment gets above its bound. Everything drawn is computed by
accelspec.serving, never measured, and the caption says so.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from matplotlib.colors import to_hex, to_rgb
from matplotlib.lines import Line2D

from ..errors import InvalidValueError
from ..model import VENDOR_OR_MEASURED
from .data import _axes, _limits, _plain_log_ticks
from .labels import _no_data, _place_labels
from .style import _LOG_SPREAD, _NOTE_SIZE, _fit_legend, _font_kw, vendor_color

XS = {"user": "Tokens/s per user (interactivity)", "tpot": "Time per output token, TPOT [ms]"}
_MARKS = ("o", "s", "^", "D", "v", "P")  # one shape per model


def _shade(color: str, i: int, n: int) -> str:
    """The vendor's colour, darker or lighter for the i-th of n configurations of that vendor."""
    if n == 1:
        return color
    t = -0.45 + 0.9 * i / (n - 1)  # from 45% towards black to 45% towards white
    rgb = to_rgb(color)
    return to_hex([c * (1 + t) if t < 0 else c + (1 - c) * t for c in rgb])


def _config(item) -> tuple[str, str, dict]:
    """(model, on, keywords) from ('DeepSeek-V3', '8xH20') or ('DeepSeek-V3', '8xH20', {'kv': 'fp8'})."""
    if isinstance(item, (tuple, list)) and len(item) in (2, 3) and all(isinstance(x, str) for x in item[:2]) \
            and (len(item) == 2 or isinstance(item[2], dict)):
        return item[0], item[1], dict(item[2]) if len(item) == 3 else {}
    raise InvalidValueError("configuration", item, "give (model, hardware) or (model, hardware, {estimate keywords}), "
                            "e.g. ('DeepSeek-V3', '8xH20')")


def serving_curve(configs: Sequence, *, batches: Sequence[int] | None = None, x: str = "user", ax=None,
                  caption: bool = True, label: bool = True, **kw):
    """Tokens/s per chip against tokens/s per user (``x="user"``) or TPOT (``x="tpot"``), one line per configuration.

    ``configs`` are ``(model, hardware)`` pairs, each optionally with a dict of keywords for
    :func:`accelspec.serving.estimate` (``kv``, ``weights``, ``tp``...); ``batches`` (default: 1, 2,
    4... up to the largest that fits) and the other keywords (``input_len``, ``output_len``, ``mode``,
    ``catalog``, ``models``) apply to every configuration. Colour is the chip's vendor (shaded when a
    vendor has several lines), the mark's shape the model; a mark is hollow when a catalog figure
    behind it rests on a press, analyst or estimate source. Batches that do not fit in memory are
    left out, and a configuration the catalog cannot estimate (a missing bandwidth) is left out with
    a warning and a note; a line whose estimate leaves out a missing input is labelled "optimistic".

    Returns the Axes; each estimate is a Line2D with gid ``estimate:<model> on <hardware>`` whose
    data are the (x, tokens/s per chip) of its batches, each bound one with gid ``bound:...``.
    """
    from ..serving import sweep  # the estimate is loaded only when drawn

    if x not in XS:
        raise InvalidValueError("x", x, f"valid: {', '.join(XS)}")
    parsed = [_config(c) for c in configs]
    if not parsed:
        raise InvalidValueError("configs", list(configs), "give at least one (model, hardware) pair")
    ax = _axes(ax)
    curves, skipped = [], []
    for model, on, extra in parsed:
        runs = [e for e in sweep(model, on, list(batches) if batches else None, **{**kw, **extra}) if e.fits is not False]
        drawn = [e for e in runs if e.tpot_ms is not None]
        if not drawn:
            why = "; ".join(str(m) for m in (runs[0].missing if runs else ())) or "no batch fits in memory"
            skipped.append(f"{model} on {on}: {why}")
            continue
        curves.append((model, on, drawn))
    if skipped:
        warnings.warn(f"serving_curve: {len(skipped)} configuration{'s' if len(skipped) != 1 else ''} left out: "
                      + " | ".join(skipped), stacklevel=2)
    ax.set_xlabel(XS[x])
    ax.set_ylabel("Output tokens/s per chip (throughput)")
    if not curves:
        return _no_data(ax, "an estimate: every configuration was left out")
    from ..catalog import builtin_catalog

    cat = kw.get("catalog") or builtin_catalog()
    vendors = [cat.get(runs[0].chip).vendor for _m, _o, runs in curves]
    models = list(dict.fromkeys(m for m, _o, _r in curves))
    # one shade per hardware within its vendor, one mark shape per model: 8xH20 and 8xH200 differ in
    # shade, DeepSeek-V3 and Llama in shape, so every line is told apart in the legend
    hardware = list(dict.fromkeys((v, on) for v, (_m, on, _r) in zip(vendors, curves)))
    handles, labels, items, xs_all, ys_all = [], [], [], [], []
    for i, (model, on, runs) in enumerate(curves):
        same = [h for h in hardware if h[0] == vendors[i]]
        color = _shade(vendor_color(vendors[i]), same.index((vendors[i], on)), len(same))
        mark = _MARKS[models.index(model) % len(_MARKS)]
        name = f"{model} on {on}"
        weak = any(inp.kind not in VENDOR_OR_MEASURED for inp in runs[0].inputs)
        xs = [e.tpot_ms if x == "tpot" else e.tokens_per_s_per_user for e in runs]
        ys = [e.tokens_per_s_per_chip for e in runs]
        bx = [e.tpot_ms_bound if x == "tpot" else e.tokens_per_s_per_user_bound for e in runs]
        by = [e.tokens_per_s_per_chip_bound for e in runs]
        ax.plot(bx, by, color=color, ls=(0, (4, 3)), lw=1.0, zorder=2, gid=f"bound:{name}")
        ax.plot(xs, ys, color=color, ls="-", lw=1.6, marker=mark, markersize=5,
                markerfacecolor="white" if weak else color, markeredgecolor=color, zorder=3, gid=f"estimate:{name}")
        optimistic = any(runs[0].missing)
        text = f"{name}" + (" (optimistic: missing inputs)" if optimistic else "")
        handles.append(Line2D([], [], color=color, lw=1.6, marker=mark, markersize=5,
                              markerfacecolor="white" if weak else color, markeredgecolor=color))
        labels.append(text)
        items.append((xs[-1], ys[-1], f"batch {runs[-1].batch}"))
        xs_all += xs + bx
        ys_all += ys + by
    _scales(ax, xs_all, ys_all)
    grey = "#555555"
    handles += [Line2D([], [], linestyle="none"), Line2D([], [], color=grey, lw=1.6),
                Line2D([], [], color=grey, lw=1.0, ls=(0, (4, 3))),
                Line2D([], [], ls="none", marker="o", markerfacecolor="white", markeredgecolor=grey)]
    labels += ["", "estimate (one mark per batch: 1, 2, 4, ...)", "bound: efficiencies 1, no latency",
               "hollow: a press or estimate figure behind it"]
    legend = ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0,
                       fontsize=8, frameon=False, handletextpad=0.4)
    _fit_legend(ax, legend)
    ax.grid(True, which="major", color="#eeeeee", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    if caption:
        _caption(ax, curves, skipped)
    if label:
        _place_labels(ax, items)
    return ax


def _scales(ax, xs: list[float], ys: list[float]) -> None:
    for values, set_scale, set_lim in ((xs, ax.set_xscale, ax.set_xlim), (ys, ax.set_yscale, ax.set_ylim)):
        scale = "log" if min(values) > 0 and max(values) / min(values) > _LOG_SPREAD / 4 else "linear"
        set_scale(scale)
        set_lim(*_limits(values, scale, zero=scale == "linear"))
    _plain_log_ticks(ax)


def _caption(ax, curves, skipped) -> None:
    """What the lines are (an estimate, never a measurement), the shared inputs, and the catalog sources."""
    import textwrap

    e = curves[0][2][0]
    effs = dict.fromkeys(next((a for a in r[0].assumptions if a.startswith("efficiency")), "")
                         for _m, _o, r in curves)
    srcs = dict.fromkeys(inp.source for _m, _o, r in curves for inp in r[0].inputs)
    text = (f"Estimated by accelspec.serving (docs/serving.md), not measured: {e.input_len} prompt and "
            f"{e.output_len} output tokens per request, {e.mode} serving, KV cache {e.kv}; the plan (TP, EP, PP, DP) "
            f"is chosen per batch, and each bound is that plan's, so a bound line can bend back where the plan changes. {'; '.join(a[:1].upper() + a[1:] for a in effs if a)}. "
            + (f"Left out: {' | '.join(skipped)}. " if skipped else "")
            + f"Catalog figures from sources {', '.join(srcs)} (ids in the chips' catalog files).")
    width_pt = ax.get_position().width * ax.figure.get_figwidth() * 72
    wrapped = textwrap.fill(text, width=max(40, int(width_pt / (_NOTE_SIZE * 0.56))), break_on_hyphens=False)
    ax.annotate(wrapped, xy=(0.0, 0.0), xycoords=("axes fraction", ax.xaxis.label), xytext=(0, -6),
                textcoords="offset points", ha="left", va="top", fontsize=_NOTE_SIZE, color="#333333",
                gid="caption", annotation_clip=False, **_font_kw(wrapped))

