"""What every part of the loader shares: the problem collector, key checks, TOML reading."""

from __future__ import annotations

import difflib
import re
import sys
from pathlib import Path
from typing import Iterable

from ..errors import Problem
from ..suggest import NameIndex

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Ctx:
    """Problems collected while reading one catalog, each tagged with its file.

    It also keeps what answering a bad reference needs, built once per load on the first bad
    reference (an index of source ids for "did you mean", the sources defined in each file), so
    that a thousand bad references cost about what one does, not a scan of every source each.
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.broken_sources: set[str] = set()   # defined, but with a problem of their own
        self._source_index: tuple[int, NameIndex] | None = None
        self._by_file: tuple[int, dict[str, list[str]]] | None = None

    def add(self, file: str, path: str, message: str) -> None:
        self.problems.append(Problem(file, path, message))

    def close_source(self, sid: str, sources: dict) -> str:
        """'; did you mean 'x'?' for an unknown source id (what difflib.get_close_matches gives, n=1)."""
        if self._source_index is None or self._source_index[0] != id(sources):
            self._source_index = (id(sources), NameIndex((s, s) for s in sources))
        scored = self._source_index[1].close(sid, cutoff=0.6, containment=False, limit=8, budget=4096)
        if not scored:
            return ""
        top = max(s for s, _p in scored)
        best = max(p for s, p in scored if s == top)  # ties as get_close_matches breaks them
        return f"; did you mean {best!r}?"

    def defined_in(self, file: str, sources: dict) -> list[str]:
        """The ids of the sources defined in ``file``, sorted."""
        if self._by_file is None or self._by_file[0] != id(sources):
            by_file: dict[str, list[str]] = {}
            for s in sources.values():
                by_file.setdefault(s.file, []).append(s.id)
            self._by_file = (id(sources), {f: sorted(ids) for f, ids in by_file.items()})
        return self._by_file[1].get(file, [])


def _did_you_mean(word: str, valid: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(valid), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_keys(ctx: _Ctx, file: str, path: str, table: dict, valid: Iterable[str]) -> None:
    valid = tuple(valid)
    for k in table:
        if k not in valid:
            ctx.add(file, f"{path}.{k}", f"unknown key {k!r}{_did_you_mean(k, valid)} (valid: {', '.join(valid)})")


def _require_keys(ctx: _Ctx, file: str, path: str, table: dict, required: Iterable[str]) -> None:
    """One problem per required key the table lacks, at the table's path (the keys a record cannot do without)."""
    for k in required:
        if k not in table:
            ctx.add(file, path, f"missing required key {k!r}")


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# --------------------------------------------------------------------------- files


MAX_FILE_BYTES = 1 << 20
"""A catalog file larger than this (1 MiB) is refused unread: real entries are a few KiB."""


def read_toml(path: Path, shown: str, ctx: _Ctx) -> dict | None:
    """Parse one file; a parser failure becomes a Problem, never a traceback."""
    # imported here, not at module level: a start-up served from the compiled index parses no TOML
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            ctx.add(shown, "$", f"file is {size:,} bytes; a catalog file may be at most {MAX_FILE_BYTES:,}")
            return None
        data = path.read_bytes()
        if data.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark some editors write: not part of the TOML
            data = data[3:]
        doc = tomllib.loads(data.decode("utf-8"))
        _control_characters(doc, "$", shown, ctx)
        return doc
    except tomllib.TOMLDecodeError as e:
        ctx.add(shown, "$", f"invalid TOML: {e}")
    except RecursionError:  # a hostile file nesting arrays or tables thousands deep
        ctx.add(shown, "$", "invalid TOML: nested too deeply to parse")
    except UnicodeDecodeError as e:
        ctx.add(shown, "$", f"not UTF-8 text: {e.reason} at byte {e.start}")
    except OSError as e:
        ctx.add(shown, "$", f"cannot read file: {e.strerror or e}")
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")   # all but tab and newline


def _control_characters(node, path: str, shown: str, ctx: _Ctx) -> None:
    """A control character (an ANSI escape, a NUL) in any key or text is a problem: text from a
    catalog file reaches terminals and pages, and must not be able to drive them."""
    if isinstance(node, dict):
        for k, v in node.items():
            if _CONTROL.search(k):
                ctx.add(shown, path, f"a key contains a control character (got {k!r})")
            _control_characters(v, f"{path}.{k}", shown, ctx)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _control_characters(v, f"{path}[{i}]", shown, ctx)
    elif isinstance(node, str) and _CONTROL.search(node):
        ctx.add(shown, path, f"text contains a control character (got {node!r})")


def catalog_files(root: Path) -> tuple[list[Path], list[Path]]:
    """(source files, entry files) under ``root``, sorted for a stable order."""
    source_files, entry_files = [], []
    for p in sorted(root.rglob("*.toml")):
        (source_files if p.name.startswith("_") else entry_files).append(p)
    return source_files, entry_files
