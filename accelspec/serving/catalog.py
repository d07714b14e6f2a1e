"""Looking models up by any name, as chips are: exact after folding, or an error with suggestions."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from .. import names
from ..errors import (
    AccelspecError,
    ArgumentTypeError,
    CatalogError,
    Problem,
    did_you_mean,
)
from ..model import Source
from .model import LLM


class UnknownModelError(AccelspecError, KeyError):
    """A model lookup matched nothing; ``suggestions`` holds the closest names."""

    def __init__(self, query: str, suggestions: list[str]):
        self.query, self.suggestions = query, suggestions
        msg = f"unknown model {query!r}"
        if suggestions:
            msg += "; " + did_you_mean(suggestions)
        super().__init__(msg)

    def __str__(self) -> str:
        return self.args[0]


class ModelCatalog:
    """Models by id, name or alias (``deepseek-ai/DeepSeek-V3``, ``DeepSeek V3``, ``深度求索 V3``)."""

    def __init__(self, models: list[LLM], sources: dict[str, Source]):
        self._models = {m.id: m for m in sorted(models, key=lambda m: m.id)}
        self.sources = dict(sources)
        self._keys: dict[str, str] = {}
        for m in self._models.values():
            for n in (m.id, m.name, *m.aliases):
                self._keys.setdefault(names.key(n), m.id)

    def __iter__(self) -> Iterator[LLM]:
        return iter(self._models.values())

    def __len__(self) -> int:
        return len(self._models)

    def __contains__(self, query: object) -> bool:
        return isinstance(query, str) and names.key(query) in self._keys

    def __repr__(self) -> str:
        return f"<ModelCatalog: {len(self)} models>"

    def get(self, query: str | LLM) -> LLM:
        if isinstance(query, LLM):
            return query
        if not isinstance(query, str):
            raise ArgumentTypeError(f"expected a model name or id (got {query!r})")
        mid = self._keys.get(names.key(query))
        if mid is None:
            from ..suggest import NameIndex

            idx = NameIndex((names.key(n), m.name) for m in self for n in (m.id, m.name, *m.aliases))
            best: list[str] = []
            for _s, name in idx.close(names.key(query)):
                if name not in best:
                    best.append(name)
            raise UnknownModelError(query, best[:3])
        return self._models[mid]


def _check_names(models: list[LLM]) -> list[Problem]:
    owners: dict[str, LLM] = {}
    problems = []
    for m in models:
        for path, n in [("$.id", m.id), ("$.name", m.name)] + [(f"$.aliases[{i}]", a) for i, a in enumerate(m.aliases)]:
            k = names.key(n)
            if k in owners and owners[k].id != m.id:
                problems.append(Problem(m.file or m.id, path, f"name {n!r} is also claimed by {owners[k].id!r}"))
            owners.setdefault(k, m)
    return problems


def load_models(path, base_sources: dict[str, Source] | None = None) -> ModelCatalog:
    """The models of a folder; every problem raised at once as a ``CatalogError``."""
    from pathlib import Path

    from .loader import load_folder

    root = Path(path)
    if (root / "models").is_dir():
        root = root / "models"
    models, sources, problems = load_folder(root, base_sources=base_sources)
    problems += _check_names(models)
    if problems:
        raise CatalogError(problems)
    return ModelCatalog(models, sources)


@functools.lru_cache(maxsize=1)
def builtin_models() -> ModelCatalog:
    """The shipped models (``catalog/models``), read once per process."""
    from pathlib import Path

    from ..catalog.build import _data_root
    from .loader import load_folder

    models, sources, problems = load_folder(Path(_data_root()) / "models", shown_root="catalog/models")
    problems += _check_names(models)
    if problems:
        raise CatalogError(problems)
    return ModelCatalog(models, sources)


def get_model(query: str | LLM) -> LLM:
    """A shipped model by id, name or alias."""
    return builtin_models().get(query)

