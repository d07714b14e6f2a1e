"""``accelspec report``: write the static report (a folder of HTML pages that opens without a server).

With no chips, the whole catalog: an index table (sortable, filterable), a page per entry, the
charts, coverage and the chips in the news. With chips, one comparison page of just those.
"""

from __future__ import annotations

import sys

from .common import UsageError, _catalog


def cmd_report(args) -> int:
    from pathlib import Path

    from ..report import build_comparison, build_site

    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"cannot write the report into {args.output!r}: it is a file, not a folder")
    cat = _catalog(args)
    catalog = cat if getattr(args, "catalog", None) else None
    if args.chips:
        written = build_comparison(out, args.chips, catalog=cat)
    else:
        written = build_site(out, catalog=catalog)
    print(f"wrote {len(written)} page{'s' if len(written) != 1 else ''} to {out}; open {out / 'index.html'}",
          file=sys.stderr)
    return 0


def register(sub) -> None:
    s = sub.add_parser("report", help="write a static HTML report (no server, no network) into a folder")
    s.add_argument("chips", nargs="*", help="chips to compare on one page (default: the whole catalog)")
    s.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write (made if missing)")
    s.set_defaults(func=cmd_report)
