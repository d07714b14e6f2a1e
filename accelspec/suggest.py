"""Close names for a typo, in time that does not grow with every name compared.

A :class:`NameIndex` keeps, for each bigram of a name's lookup key, the names that contain it.
A query scores only the names sharing the most bigrams with it (a few dozen at any catalog
size), then ranks those with :class:`difflib.SequenceMatcher`, as a full scan would. The
postings are built on the first miss, not at load: a catalog that is never mistyped never
pays for them.

>>> idx = NameIndex([("h20", "H20"), ("h200", "H200"), ("ascend910b", "Ascend 910B")])
>>> [payload for _score, payload in idx.close("h2o")]
['H20', 'H200']
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter
from collections.abc import Iterable

# how many of the names sharing the most bigrams with a query are scored exactly; the rest
# share fewer bigrams, and a name sharing few bigrams cannot score above the cut-off
CANDIDATES = 64


def _grams(key: str) -> set[str]:
    padded = f"^{key}$"  # boundary marks make a one-character key (and first/last letters) count
    return {padded[i:i + 2] for i in range(len(padded) - 1)}


class NameIndex:
    """Bigram postings over ``(key, payload)`` pairs; :meth:`close` ranks payloads for a key."""

    def __init__(self, items: Iterable[tuple[str, object]]):
        self._items = [(k, p) for k, p in items if k]
        self._postings: dict[str, list[int]] | None = None

    def __len__(self) -> int:
        return len(self._items)

    def _build(self) -> dict[str, list[int]]:
        postings: dict[str, list[int]] = {}
        for i, (k, _p) in enumerate(self._items):
            for g in _grams(k):
                postings.setdefault(g, []).append(i)
        return postings

    def close(self, key: str, cutoff: float = 0.5, containment: bool = True) -> list[tuple[float, object]]:
        """Payloads whose key is close to ``key``, best first, each with its score in [0, 1].

        The score is SequenceMatcher's ratio; with ``containment`` a key that contains the
        query scores at least ``0.6 + 0.4 × len(query) / len(key)`` ("910" in "ascend910b").
        """
        if not key or not self._items:
            return []
        if self._postings is None:
            self._postings = self._build()
        shared: Counter[int] = Counter()
        for g in _grams(key):
            shared.update(self._postings.get(g, ()))
        # the names sharing most bigrams, ties broken by position, so the answer never depends on
        # the order a set happens to iterate in (PYTHONHASHSEED)
        best = heapq.nsmallest(CANDIDATES, shared.items(), key=lambda kv: (-kv[1], kv[0]))
        scored = []
        for i, _n in best:
            k, payload = self._items[i]
            score = difflib.SequenceMatcher(None, key, k).ratio()
            if containment and key in k:
                score = max(score, 0.6 + 0.4 * len(key) / len(k))
            if score >= cutoff:
                scored.append((score, i, payload))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [(score, payload) for score, _i, payload in scored]


def close_words(word: str, valid: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """Up to ``n`` words of ``valid`` close to ``word`` (for keys, enum values, source ids).

    The same answer as ``difflib.get_close_matches`` for small vocabularies; for a large one
    (thousands of source ids) build a :class:`NameIndex` once and call its :meth:`~NameIndex.close`.
    """
    return difflib.get_close_matches(word, list(valid), n=n, cutoff=cutoff)
