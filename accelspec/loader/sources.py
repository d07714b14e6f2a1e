"""``[sources.*]`` tables -> :class:`~accelspec.model.Source` records."""

from __future__ import annotations

from typing import Any

from .. import model
from ..errors import Problem
from ..model import PartialDate, Source
from .common import _ID, _check_keys, _Ctx

_SOURCE_KEYS = ("title", "kind", "publisher", "url", "date", "language", "via", "note")

# --------------------------------------------------------------------------- sources


def parse_source(ctx: _Ctx, file: str, sid: str, raw: Any) -> Source | None:
    path = f"$.sources.{sid}"
    if not isinstance(raw, dict):
        ctx.add(file, path, f"a source must be a table (got {raw!r})")
        return None
    _check_keys(ctx, file, path, raw, _SOURCE_KEYS)
    ok = True
    if not _ID.match(sid):
        ctx.add(file, path, f"source id must be lower-case kebab (got {sid!r})")
        ok = False
    for req in ("title", "kind"):
        if req not in raw:
            ctx.add(file, path, f"missing required key {req!r}")
            ok = False
    kind = raw.get("kind")
    if kind is not None and kind not in model.SOURCE_KINDS:
        hint = ("; 'secondary' was split: 'analyst' (analyst firm, teardown, independent dataset) or 'community' "
                "(wiki, blog, forum, transcribed table)") if kind == "secondary" else ""
        ctx.add(file, f"{path}.kind", f"'kind' must be in {list(model.SOURCE_KINDS)!r} (got {kind!r}){hint}")
        ok = False
    for k in ("title", "publisher", "url", "language", "via", "note"):
        if k in raw and not (isinstance(raw[k], str) and raw[k].strip()):
            ctx.add(file, f"{path}.{k}", f"{k!r} must be non-empty text (got {raw[k]!r})")
            ok = False
    date = None
    if "date" in raw:
        try:
            date = PartialDate.parse(raw["date"])
        except ValueError as e:
            ctx.add(file, f"{path}.date", str(e))
            ok = False
    if not ok:
        return None
    return Source(
        id=sid, title=raw["title"], kind=kind, publisher=raw.get("publisher"), url=raw.get("url"),
        date=date, language=raw.get("language"), via=raw.get("via"), note=raw.get("note"), file=file,
    )


def collect_sources(ctx: _Ctx, docs: list[tuple[str, dict]], known: dict[str, Source]) -> dict[str, Source]:
    """Every source defined in ``docs`` plus ``known``; a second definition of an id is a problem."""
    sources = dict(known)
    for file, doc in docs:
        raw = doc.get("sources", {})
        if not isinstance(raw, dict):
            ctx.add(file, "$.sources", f"'sources' must be a table of tables (got {raw!r})")
            continue
        for sid, sraw in raw.items():
            src = parse_source(ctx, file, sid, sraw)
            if src is None:
                ctx.broken_sources.add(sid)  # reported once, here; its citations are not reported again
                continue
            if sid in sources:
                ctx.add(file, f"$.sources.{sid}", f"source id {sid!r} is already defined in {sources[sid].file}")
                continue
            sources[sid] = src
    return sources


# --------------------------------------------------------------------------- the address rule

ADDRESS_RULE = ("a source needs an address a reader can open: a 'url', or the address of the copy read in "
                "'via'; a press article without one is cited by 'publisher' (outlet), 'date' and 'title' "
                "(headline). How it was found (a search-index file id) is not an address")


def addressless(sources) -> list[Problem]:
    """The sources a reader could not open: no url, no web address in 'via', and not a press article
    cited by outlet, date and headline.

    A data-policy check that ``accelspec validate`` runs on what it validates; loading does not
    apply it, so an older catalog (``accelspec diff OLD NEW``) still loads.
    """
    out = []
    for s in sources:
        if s.url or s.read_at or (s.kind == "press" and s.publisher and s.date):
            continue
        got = f"via {s.via!r}" if s.via else "no 'url', no 'via'"
        out.append(Problem(s.file or "?", f"$.sources.{s.id}", f"{ADDRESS_RULE} (got {got})"))
    return out
