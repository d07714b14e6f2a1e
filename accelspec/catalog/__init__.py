"""The catalog: lookup by any name, filters, and how catalogs are built and served.

:mod:`.collection` is the :class:`Catalog` (lookup, search, select); :mod:`.build` reads the
shipped catalog and users' folders and checks what spans entries; :mod:`.compiled` keeps a
checked catalog as a compiled index so the next start reads no TOML; :mod:`.codec` turns
records into plain data and back (the compiled index and the full export share it).
"""

from __future__ import annotations

from ..errors import CatalogError
from .build import accelerator_folder, builtin_catalog, builtin_path, load_catalog
from .collection import Catalog, Index

__all__ = ["Catalog", "CatalogError", "Index", "accelerator_folder", "builtin_catalog", "builtin_path",
           "load_catalog"]
