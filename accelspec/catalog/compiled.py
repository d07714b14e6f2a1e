"""The compiled index: a checked catalog folder kept as one JSON file, so a start reads no TOML.

Parsing and checking the TOML costs about half a millisecond per entry; a start-up pays it only
when the folder changed. After a folder loads without a problem, :func:`save` writes

* line 1: a JSON header — format, the fingerprint of every ``*.toml`` file under the folder
  (path, size, modification time) and of the accelspec code that reads them, the sources, the
  lookup index (:class:`~accelspec.catalog.collection.Index`) and each entry's byte span;
* then one JSON line per entry (:mod:`.codec`).

:func:`load` uses the file only when its fingerprint equals the folder's and the code's as
they are now; anything else (an edit, a new file, a changed loader, a damaged or foreign file)
reads the TOML again. An entry is decoded when first asked for, so ``get("H20")`` on a catalog
of thousands decodes one. JSON only: nothing in the file is executed (no pickle).

Where: ``$ACCELSPEC_CACHE_DIR``, else ``$XDG_CACHE_HOME/accelspec``, else
``~/.cache/accelspec``; ``ACCELSPEC_CACHE_DIR=off`` turns it off. A cache that cannot be
written is skipped silently: it is a speed-up, never a requirement.
"""

from __future__ import annotations

import json
import os
import zlib
from typing import Any

from ..model import Source
from . import codec
from .collection import Catalog, Index

FORMAT = 3
# paths are plain strings here (os.path, not pathlib): this module is on every start-up's path
_CODE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # the accelspec package


def cache_dir() -> str | None:
    """Where compiled indexes are kept, or None when turned off."""
    env = os.environ.get("ACCELSPEC_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in ("", "0", "off", "none") else env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "accelspec")


def _walk(folder: str, suffix: str, out: list, rel: str = "") -> None:
    try:
        with os.scandir(folder) as it:
            items = sorted(it, key=lambda d: d.name)
    except OSError:
        return
    for d in items:
        name = f"{rel}{d.name}"
        if d.is_dir():
            if d.name != "__pycache__":
                _walk(d.path, suffix, out, name + "/")
        elif d.name.endswith(suffix):
            st = d.stat()
            out.append([name, st.st_size, st.st_mtime_ns])


def fingerprint(root) -> list:
    """Every catalog file under ``root`` and every module of the code that reads it, as [path, size, mtime]."""
    files: list = []
    _walk(root, ".toml", files)
    code: list = []
    _walk(_CODE, ".py", code)
    return [files, code]


def _real(root) -> str:
    return os.path.realpath(os.fspath(root))


def _path_for(root) -> str | None:
    d = cache_dir()
    if d is None:
        return None
    # the folder's own path names its file (the header repeats it, so a clash is only a miss)
    real = _real(root).encode("utf-8")
    return os.path.join(d, f"catalog-{zlib.crc32(real):08x}-{len(real)}.json")


def save(root, catalog: Catalog, shown_root: str | None = None) -> None:
    """Write the compiled index of ``catalog``, read from ``root`` (best effort)."""
    target = _path_for(root)
    if target is None:
        return
    lines, spans, offset = [], {}, 0
    for e in catalog:
        line = json.dumps(codec.encode_entry(e), ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
        spans[e.id] = [offset, len(line)]
        offset += len(line)
        lines.append(line)
    # the suggestion index, built now so that a typo in a later process reads it instead of building it
    idx = catalog.name_index()
    catalog._suggestions = idx  # built anyway for the file: this process's first typo needs no second build
    items = idx._items
    if any("\n" in k or "\n" in p[1] for k, p in items):  # names are joined by newlines below
        items = []
    suggest = json.dumps({"keys": "\n".join(k for k, _p in items), "ids": "\n".join(p[0] for _k, p in items),
                          "names": "\n".join(p[1] for _k, p in items), "postings": idx.postings_data()},
                         ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    spans["\0suggest"] = [offset, len(suggest)]
    lines.append(suggest)
    header = {
        "format": FORMAT, "root": _real(root), "shown": shown_root or str(root), "fingerprint": fingerprint(root),
        "sources": [codec.encode_source(s) for s in catalog.sources.values()],
        "index": catalog._index.to_data(), "spans": spans,
    }
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "wb") as fh:
            fh.write(head)
            fh.writelines(lines)
        os.replace(tmp, target)  # readers see the old file or the new one, never half of one
    except OSError:
        return


def load(root, shown_root: str | None = None) -> Catalog | None:
    """The catalog of ``root`` from its compiled index, or None when there is none that matches."""
    target = _path_for(root)
    if target is None:
        return None
    try:
        with open(target, "rb") as fh:
            header = json.loads(fh.readline())
            # the entries are read now, as bytes, and decoded on demand: a file replaced by another
            # process later cannot put a new file's bytes under this header's spans
            body = fh.read()
        if (header.get("format") != FORMAT or header.get("root") != _real(root)
                or header.get("fingerprint") != fingerprint(root)):
            return None
        # files are named as the caller names the folder ("catalog/accelerators/..."), whoever wrote the index
        was, now = header["shown"], shown_root or str(root)
        rename = (lambda f: now + f[len(was):] if f and f.startswith(was) else f) if was != now else None
        sources = {d["id"]: codec.decode_source(_renamed(d, rename)) for d in header["sources"]}
        index = Index.from_data(header["index"])
        spans: dict[str, list[int]] = header["spans"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no file, or one this code did not write: read the TOML instead
    suggest = spans.pop("\0suggest", None)
    if suggest is not None and suggest[1] < 64:  # nothing stored: build on the first miss instead
        suggest = None
    return Catalog((), sources, index=index, decode=_decoder(body, spans, sources, rename),
                   suggestions=_suggestions(body, suggest) if suggest else None)


def _suggestions(body: bytes, span: list[int]):
    def read():
        from ..suggest import NameIndex

        d = json.loads(body[span[0]:span[0] + span[1]])
        items = zip(d["keys"].split("\n"), zip(d["ids"].split("\n"), d["names"].split("\n")))
        return NameIndex(items, postings=d["postings"])

    return read


def _renamed(d: dict, rename) -> dict:
    if rename is not None and d.get("file"):
        d["file"] = rename(d["file"])
    return d


def _decoder(body: bytes, spans: dict[str, list[int]], sources: dict[str, Source], rename=None):
    def decode(eid: str):
        start, length = spans[eid]
        data: Any = json.loads(body[start:start + length])
        return codec.decode_entry(_renamed(data, rename), sources)

    return decode
