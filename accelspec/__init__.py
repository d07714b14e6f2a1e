"""accelspec: a typed, sourced catalog of AI accelerators.

>>> import accelspec as acs
>>> acs.get("H20").id
'nvidia-h20'
>>> acs.get("昇騰910B").id
'huawei-ascend-910b'

Every number is a :class:`Claim` with a unit and a :class:`Source`; see ``catalog/accelerators/README.md``.
``docs/architecture.md`` says which package does what.
``import accelspec`` stays light: matplotlib (``accelspec.plots``) and pandas
(``Table.to_dataframe``) are imported only when used.
"""

from __future__ import annotations

import importlib
from typing import Any

from .catalog import Catalog, builtin_catalog, load_catalog
from .errors import (
    AccelspecError,
    AmbiguousAcceleratorError,
    CatalogError,
    Problem,
    UnitError,
    UnknownAcceleratorError,
    UnknownFieldError,
)
from .model import Accelerator, Claim, Component, PartialDate, Source

__version__ = "0.1.0"

# attribute -> module, imported on first use (``acs.plots`` loads matplotlib only then)
_LAZY = {
    "plots": "plots", "tables": "tables", "metrics": "metrics", "exportcontrol": "exportcontrol", "units": "units",
    "coverage": "coverage", "names": "names", "formats": "formats",
    "export": "formats.flat",   # the flat export, by its historical name
    "show": "tables.entry",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return importlib.import_module(f".{_LAZY[name]}", __name__)
    raise AttributeError(f"module 'accelspec' has no attribute {name!r}")


def _cat(catalog: Catalog | None) -> Catalog:
    return catalog if catalog is not None else builtin_catalog()


def get(query: str | Accelerator, catalog: Catalog | None = None) -> Accelerator:
    """The entry named by ``query`` (id, name or alias, English or Chinese); see :meth:`Catalog.get`."""
    return _cat(catalog).get(query)


def find(text: str, limit: int = 10, catalog: Catalog | None = None) -> list[Accelerator]:
    """Entries matching ``text``, best first; see :meth:`Catalog.find`."""
    return _cat(catalog).find(text, limit=limit)


def select(*, catalog: Catalog | None = None, **criteria: Any) -> list[Accelerator]:
    """Entries matching every criterion (vendor=, kind=, level=, status=, market=, where=...)."""
    return _cat(catalog).select(**criteria)


def compare(chips, fields=None, baseline=None, *, catalog: Catalog | None = None, **kwargs: Any):
    """A comparison table of ``chips``; see :func:`accelspec.tables.compare`."""
    from .tables import compare as _compare

    return _compare(chips, fields=fields, baseline=baseline, catalog=catalog, **kwargs)


__all__ = [
    "Accelerator", "AccelspecError", "AmbiguousAcceleratorError", "Catalog", "CatalogError", "Claim",
    "Component", "PartialDate", "Problem", "Source", "UnitError", "UnknownAcceleratorError",
    "UnknownFieldError", "builtin_catalog", "compare", "find", "get", "load_catalog", "select",
    "__version__",
]
