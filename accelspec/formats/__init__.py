"""Data out of (and later into) accelspec: the flat export (:mod:`.flat`, a documented contract).

Room for the full lossless export and import, simulator adapters, cross-checks and diffs,
one module each.
"""
