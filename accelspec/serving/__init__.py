"""What a model gets on N chips: LLM model records, the serving estimate and its calibration.

:mod:`.model` is the :class:`LLM` record (its Hugging Face config keys, normalised);
:mod:`.loader` reads ``catalog/models/*.toml`` with the catalog's own loader machinery;
:mod:`.catalog` looks models up by any name, as chips are. The estimate: :mod:`.memory` (a model's
parameter counts, KV cache, FLOPs), :mod:`.parallel` (what ``8xH20`` means, how a model is split,
what each chip reads, computes and sends), :mod:`.calibration` (efficiencies, measured points,
scoring), :mod:`.estimate` (:func:`estimate`, :func:`sweep`, the :class:`ServingEstimate` record).
``estimate`` here is the function; its module is ``accelspec.serving.estimate`` in ``sys.modules``.
"""

from __future__ import annotations

from .calibration import load_points, score
from .catalog import (
    ModelCatalog,
    UnknownModelError,
    builtin_models,
    get_model,
    load_models,
)
from .estimate import (  # binds the name to the function, not its module
    ServingEstimate,
    estimate,
    sweep,
)
from .model import LLM

__all__ = ["LLM", "ModelCatalog", "ServingEstimate", "UnknownModelError", "builtin_models", "estimate", "get_model",
           "load_models", "load_points", "score", "sweep"]
