"""The ``accelspec`` command: one module per command group, each thin (parse, call the library, print).

Exit codes: 0 success, 1 a reported problem (unknown chip, invalid catalog), 2 a usage error.
Messages go to stderr; a user error never shows a Python traceback. Each group module
(:mod:`.entries`, :mod:`.tables`, :mod:`.export`, :mod:`.formats`, :mod:`.results`, :mod:`.serve`, :mod:`.exportcontrol`, :mod:`.plot`) adds its
subcommands with ``register(sub)`` and imports the library only inside its commands, so
``accelspec --version`` loads no catalog and no tabulate.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from .. import __version__
from ..errors import AccelspecError, CatalogError
from . import entries, export, exportcontrol, formats, plot, report, results, serve, tables
from .common import UsageError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="accelspec",
        description="A sourced catalog of AI accelerators: look up, compare, rank, export, plot.",
        epilog="Chips are named by id, name or alias, in English or Chinese: H20, 'Ascend 910B', 昇腾910B.",
    )
    p.add_argument("--version", action="version", version=f"accelspec {__version__}")
    p.add_argument("--catalog", metavar="PATH", help="also load this catalog folder (beside the shipped one)")
    p.add_argument("--no-builtin", action="store_true", help="with --catalog: use only that folder")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    for group in (entries, export, formats, tables, results, serve, exportcontrol, plot, report):
        group.register(sub)
    for s in sub.choices.values():  # the catalog flags work after the command too (`list --catalog X`)
        s.add_argument("--catalog", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        s.add_argument("--no-builtin", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse, letting chips follow options (`plot bar --metric x H20 910C`).

    argparse gives a positional list its (empty) share as soon as it passes it, so names that come
    after an option are left over; they belong to the command's chip list when it has one.
    """
    args, extra = parser.parse_known_args(argv)
    if extra:
        stray = [x for x in extra if x.startswith("-") and x != "-"]
        if stray or not hasattr(args, "chips"):
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        args.chips = list(args.chips or []) + extra
    return args


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = _parse(parser, argv)
    try:
        return args.func(args)
    except UsageError as e:
        print(f"accelspec {args.command}: error: {e}", file=sys.stderr)
        return 2
    except CatalogError as e:
        print(str(e), file=sys.stderr)
        n = len(e.problems)
        print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
        return 1
    except AccelspecError as e:
        print(f"accelspec: {e}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `accelspec export | head`
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # a bug by definition: say so in one line, never a traceback (ACCELSPEC_DEBUG=1 shows it)
        import os

        if os.environ.get("ACCELSPEC_DEBUG"):
            raise
        print(f"accelspec {args.command}: internal error ({type(e).__name__}: {e}); this is a bug in accelspec: "
              "please report it with the command line (ACCELSPEC_DEBUG=1 prints the traceback)", file=sys.stderr)
        return 1


__all__ = ["UsageError", "build_parser", "main"]
