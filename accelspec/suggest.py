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

    def __init__(self, items: Iterable[tuple[str, object]], postings: dict[str, str] | None = None):
        """``postings`` (from :meth:`postings_data`) skips the build: each gram's list stays a string
        of numbers until a query needs it, so loading a stored index costs almost nothing."""
        self._items = [(k, p) for k, p in items if k]
        self._postings: dict[str, list[int] | str] | None = postings

    def __len__(self) -> int:
        return len(self._items)

    def _build(self) -> dict[str, list[int]]:
        postings: dict[str, list[int]] = {}
        for i, (k, _p) in enumerate(self._items):
            for g in _grams(k):
                postings.setdefault(g, []).append(i)
        return postings

    def postings_data(self) -> dict[str, str]:
        """The postings as plain data (gram -> "i j k"), for storing beside the items."""
        if self._postings is None:
            self._postings = self._build()
        return {g: v if isinstance(v, str) else " ".join(map(str, v)) for g, v in self._postings.items()}

    def _posting(self, gram: str) -> list[int]:
        v = self._postings.get(gram, ())  # type: ignore[union-attr]
        if isinstance(v, str):
            v = self._postings[gram] = [int(x) for x in v.split()]  # type: ignore[index]
        return v  # type: ignore[return-value]

    def close(self, key: str, cutoff: float = 0.5, containment: bool = True,
              limit: int = CANDIDATES, budget: int | None = None) -> list[tuple[float, object]]:
        """Payloads whose key is close to ``key``, best first, each with its score in [0, 1].

        The score is SequenceMatcher's ratio; with ``containment`` a key that contains the
        query scores at least ``0.6 + 0.4 × len(query) / len(key)`` ("910" in "ascend910b").
        Only ``limit`` names are scored exactly: those most alike by shared bigrams (the Dice
        coefficient), and with ``containment`` also those sharing the most bigrams outright
        (a long name containing the query shares all of its bigrams but is unlike it in length).
        """
        if not key or not self._items:
            return []
        if self._postings is None:
            self._postings = self._build()
        shared: Counter[int] | dict[int, int] = Counter()
        # with a ``budget``: rarest bigrams first, stopping once the counting passes it (after the
        # three rarest), so a bigram half the ids share ("-c") costs nothing when rarer ones decide;
        # for a thousand bad references that is the difference between seconds and minutes
        counted = 0
        for n, g in enumerate(sorted(_grams(key), key=lambda g: (len(self._posting(g)), g))):
            posting = self._posting(g)
            if budget is not None and n >= 3 and counted + len(posting) > budget:
                break
            shared.update(posting)
            counted += len(posting)
        qn = len(key) + 1
        items = self._items
        if not shared:
            return []
        if len(shared) > 8 * limit:
            # many names share a bigram or two: one sharing under half the best count is not among
            # the closest, so drop it before ranking (small catalogs rank every name, as a full scan would)
            floor = max(shared.values()) / 2
            shared = {i: n for i, n in shared.items() if n >= floor}
        # ties broken by position, so the answer never depends on set iteration order (PYTHONHASHSEED)
        picks = heapq.nsmallest(limit, shared.items(), key=lambda kv: (-kv[1] / (qn + len(items[kv[0]][0]) + 1), kv[0]))
        if containment:
            picks += heapq.nsmallest(limit, shared.items(), key=lambda kv: (-kv[1], kv[0]))
        scored = []
        for i in sorted({i for i, _n in picks}):
            k, payload = items[i]
            contains = containment and key in k
            matcher = difflib.SequenceMatcher(None, key, k)
            if not contains and (matcher.real_quick_ratio() < cutoff or matcher.quick_ratio() < cutoff):
                continue  # cannot reach the cut-off: skip the costly exact ratio
            score = matcher.ratio()
            if contains:
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
