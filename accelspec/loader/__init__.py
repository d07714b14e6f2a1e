"""TOML catalog files -> model records, with every problem reported at once.

The loader is strict: unknown keys, unknown units, a source that is not defined, a negative,
zero or non-finite number, sparse below dense, duplicate ids, an alias claimed by two entries,
a composition naming an unknown entry — each is a ``Problem`` naming the file, the field path
(``$.memory.bandwidth``) and the bad value, and all of them are raised together as one
``CatalogError``. Files are TOML only (``tomllib``): nothing in them is executed.

Layout: ``<root>/<vendor>/<id>.toml`` holds one entry; any ``_*.toml`` file (at the root or in
a vendor folder) holds only ``[sources.*]`` tables that every file may cite.
"""

from __future__ import annotations

from .common import MAX_FILE_BYTES, catalog_files, read_toml
from .entries import parse_entry
from .folder import load_folder, raise_if_problems
from .sources import collect_sources, parse_source

__all__ = ["MAX_FILE_BYTES", "catalog_files", "collect_sources", "load_folder", "parse_entry", "parse_source",
           "raise_if_problems", "read_toml"]
