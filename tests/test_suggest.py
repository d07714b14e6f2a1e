"""Suggestions from the bigram index: the same names a full scan would rank, found without one."""

import difflib

from accelspec import names
from accelspec.suggest import NameIndex


def full_scan(query, items, cutoff=0.5):
    q = names.key(query)
    out = []
    for k, payload in items:
        s = difflib.SequenceMatcher(None, q, k).ratio()
        if q in k:
            s = max(s, 0.6 + 0.4 * len(q) / len(k))
        if s >= cutoff:
            out.append((s, payload))
    return sorted(out, key=lambda sp: -sp[0])


NAMES = ["H20", "H200", "H100 SXM5", "H800", "Ascend 910B", "Ascend 910C", "MTT S4000", "MLU590", "P800",
         "Gaudi 3", "TPU v5p", "TPU v6e", "B200", "GB200 NVL72", "昇腾910B", "Jiangyuan D20"]


def test_small_index_agrees_with_a_full_scan():
    items = [(names.key(n), n) for n in NAMES]
    idx = NameIndex(items)
    for q in ["H2O", "h210", "asend 910b", "910", "S400", "Gaudi3", "tpu v5", "GB200", "D2O"]:
        assert idx.close(names.key(q)) == full_scan(q, items), q


def test_large_index_finds_the_close_names_among_thousands():
    items = [(names.key(f"Synthetic Chip {i}"), f"Synthetic Chip {i}") for i in range(20000)]
    items += [(names.key(n), n) for n in NAMES]
    best = [p for _s, p in NameIndex(items).close(names.key("Ascend 91OB"))][:2]
    assert best == ["Ascend 910B", "Ascend 910C"]


def test_empty_query_and_empty_index():
    assert NameIndex([]).close("h20") == []
    assert NameIndex([("h20", "H20")]).close("") == []
