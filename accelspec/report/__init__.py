"""The static report: a folder of HTML pages that opens from the file system, with no server and no network.

:mod:`.site` writes the files (:func:`build_site`, the whole catalog; :func:`build_comparison`,
one page for a few chips); :mod:`.pages` and :mod:`.chip` make the HTML of each page from
:mod:`.markup`'s pieces (every catalog text escaped); :mod:`.charts` draws the SVG charts with
:mod:`accelspec.plots` (matplotlib only there); ``assets/`` holds the stylesheet and the small
script that sorts and filters tables. The command is ``accelspec report -o DIR [CHIP...]``.
"""

from __future__ import annotations

from .site import build_comparison, build_site

__all__ = ["build_comparison", "build_site"]
