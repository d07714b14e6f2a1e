"""Text rendering of one entry (``accelspec show``) and of its claims (``accelspec claims``)."""

from __future__ import annotations

from ..catalog import Catalog
from ..errors import UnknownFieldError
from ..model import FIELD_TYPES, Accelerator, pick
from ..names import vendor_name


def _claim_line(c, shown: bool) -> str:
    mark = "*" if shown else " "
    extra = []
    if c.engine:
        extra.append(f"{c.engine} unit")
    if c.note:
        extra.append(c.note)
    if c.derivation:
        extra.append(f"derived: {c.derivation}")
    text = f"  {mark} {c.describe()}"
    if extra:
        text += "\n      " + "; ".join(extra)
    if c.quote:
        text += f"\n      quote: {c.quote}"
    return text


def _wrap_block(label: str, text: str, width: int = 100) -> list[str]:
    """A labelled block of text wrapped to ``width``, paragraphs kept."""
    import textwrap

    indent = " " * 15
    out: list[str] = []
    for i, para in enumerate(p for p in text.split("\n") if p.strip()):
        first = f"  {label:<12} " if i == 0 else indent
        out += textwrap.wrap(para, width, initial_indent=first, subsequent_indent=indent) or [first]
    return out


def render_entry(e: Accelerator, cat: Catalog | None = None) -> str:
    lines = [f"{e.name}  ({e.id})"]
    ident = [
        ("vendor", vendor_name(e.vendor)), ("family", e.family), ("kind", e.kind), ("level", e.level),
        ("form factor", e.form_factor), ("status", e.status), ("market", e.market), ("region", e.region),
    ]
    lines += [f"  {k:<12} {v}" for k, v in ident if v]
    if e.aliases:
        lines.append(f"  {'aliases':<12} {', '.join(e.aliases)}")
    if e.generic:
        lines.append(f"  {'generic':<12} stands for: {', '.join(e.variants)}")
    if e.notes:
        lines += _wrap_block("notes", e.notes)
    lines.append("")
    lines.append("Fields (* = the claim shown; rule: a value before a bound, then vendor > measured > analyst > "
                 "press > community > estimate > rumour, then newest):")
    for path in FIELD_TYPES:
        claims = e.fields.get(path)
        if not claims:
            continue
        shown = pick(claims)
        lines.append(f"{path}")
        lines += [_claim_line(c, c is shown) for c in claims]
    if e.prices:
        lines.append("prices")
        for c in e.prices:
            when = f" on {c.date}" if c.date else ""
            each = f", {c.value / c.count:,.0f} {c.unit} each" if c.count and c.count > 1 else ""
            bought = f" for {c.count}" if c.count and c.count > 1 else ""
            lines.append(f"    {_price_text(c)}{bought}{when}: {c.item}{each} ({c.effective_kind}: {c.source.cite()})")
            if c.note:
                lines.append(f"      {c.note}")
    if e.contains:
        lines.append("contains")
        for comp in e.contains:
            name = cat.get(comp.id).name if cat is not None and comp.id in cat.ids else comp.id
            lines.append(f"    {comp.count} × {name} ({comp.id}) ({comp.source.kind}: {comp.source.cite()})")
    if e.relations:
        lines.append("relative claims (checked against the catalog's own numbers)")
        for rel in e.relations:
            lines += _relation_lines(e, rel, cat)
    gaps = [g for g in e.gaps.values()]
    if gaps:
        lines.append("")
        lines.append("Why fields are empty:")
        for g in gaps:
            lines += _wrap_block(g.path, g.describe() + (f"; {g.note}" if g.note else "") + (f"; quote: {g.quote}" if g.quote else ""))
    missing = [p for p in _HEADLINE if not e.fields.get(p) and e.gap(p) is None]
    if missing:
        lines.append("")
        lines.append("no source gives (and no reason recorded yet): " + ", ".join(missing))
    lines.append("")
    lines.append("Sources:")
    for s in e.sources:
        lines.append(f"  [{s.id}] {s.kind}: {s.cite()}")
        if s.read_at:  # an address a reader can open, never a description of how it was found
            lines.append(f"      read at: {s.read_at}")
    return "\n".join(lines)


def _price_text(c) -> str:
    """'35,000 USD', '30,000–70,000 USD', '≥ 10,000 USD'."""
    text = f"{c.value:,.0f}"
    if c.max is not None:
        text += f"–{c.max:,.0f}"
    elif c.bound is not None:
        text = ("≥ " if c.bound == "at-least" else "≤ ") + text
    return f"{text} {c.unit}"


def _relation_lines(e: Accelerator, rel, cat: Catalog | None) -> list[str]:
    """'bf16_tflops = 0.075 × NVIDIA H200 SXM (press: ...)' and whether the catalog agrees."""
    from .. import metrics

    other = cat.get(rel.to) if cat is not None and rel.to in cat.ids else None
    name = other.name if other is not None else rel.to
    out = [f"    {rel.metric} = {rel.ratio:g} × {name} ({rel.source.kind}: {rel.source.cite()})"]
    if rel.quote:
        out.append(f"      quote: {rel.quote}")
    if rel.metric == "unspecified" or other is None:
        out.append("      not checkable: the claim does not say what is compared" if rel.metric == "unspecified"
                   else "      not checkable: the other entry is not in this catalog")
        return out
    ctx = metrics.Context(catalog=cat)
    mine, theirs = metrics.compute(e, rel.metric, ctx), metrics.compute(other, rel.metric, ctx)
    if mine.missing or theirs.missing:
        out.append(f"      not checkable: {mine.reason or theirs.reason}")
        return out
    actual = mine.value / theirs.value
    verdict = "agrees" if abs(actual / rel.ratio - 1) <= 0.15 else "disagrees"
    out.append(f"      the catalog gives {actual:.3g} ({mine.value:.4g} / {theirs.value:.4g} {mine.unit}): {verdict}"
               " (within 15% counts as agreeing)")
    return out


_HEADLINE = ("memory.capacity", "memory.bandwidth", "power.tdp", "compute.bf16.dense", "compute.fp8.dense",
             "compute.int8.dense", "interconnect.scaleup_bandwidth", "process_node", "die_area")


def render_claims(e: Accelerator, field: str | None = None) -> str:
    """All claims of ``e`` for ``field``: a full path, or a prefix such as 'int8' or 'memory'."""
    if field is None:
        paths = [p for p in FIELD_TYPES if e.fields.get(p)]
    elif field in FIELD_TYPES:
        paths = [field]
    else:
        paths = [p for p in FIELD_TYPES if p.startswith(field + ".") or f".{field}." in f".{p}."]
        if not paths and field != "prices":
            raise UnknownFieldError(field, list(FIELD_TYPES), "try a path such as compute.int8.dense, or int8, memory, power")
    lines = [f"{e.name} ({e.id})"]
    for p in paths:
        claims = e.fields.get(p, ())
        if not claims:
            if p.endswith(".unspecified") and field != p:
                continue  # the slot for figures of unstated basis is listed only when it holds one
            gap = e.gap(p)
            lines.append(f"{p}: {gap.describe()}" if gap else f"{p}: no claims (no source gives it)")
            continue
        shown = pick(claims)
        lines.append(p)
        lines += [_claim_line(c, c is shown) for c in claims]
    if field in (None, "prices") and e.prices:
        lines.append("prices")
        for c in e.prices:
            lines.append(f"    {_price_text(c)} ({c.date}): {c.item} ({c.effective_kind}: {c.source.cite()})")
    return "\n".join(lines)
