"""What a model gets on N chips: LLM model records now; the serving estimate and its calibration next.

:mod:`.model` is the :class:`LLM` record (its Hugging Face config keys, normalised);
:mod:`.loader` reads ``catalog/models/*.toml`` with the catalog's own loader machinery;
:mod:`.catalog` looks models up by any name, as chips are.
"""

from __future__ import annotations

from .catalog import (
    ModelCatalog,
    UnknownModelError,
    builtin_models,
    get_model,
    load_models,
)
from .model import LLM

__all__ = ["LLM", "ModelCatalog", "UnknownModelError", "builtin_models", "get_model", "load_models"]
