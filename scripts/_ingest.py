"""What the ingest scripts share: write the file they built, or, with --check, compare it with the
shipped one byte for byte and say where they first differ (exit status 1 when they do)."""

from __future__ import annotations

import sys
from pathlib import Path


def write_or_check(out: Path, text: str, check: bool, commit: str) -> int:
    """Write ``text`` to ``out``; with ``check``, compare instead. Returns the exit status."""
    if check:
        old = out.read_text(encoding="utf-8") if out.is_file() else None
        if old == text:
            print(f"{out}: identical to a rebuild at {commit}", file=sys.stderr)
            return 0
        if old is None:
            print(f"{out}: missing; a rebuild at {commit} would write it", file=sys.stderr)
            return 1
        a, b = old.splitlines(), text.splitlines()
        first = next((i for i in range(max(len(a), len(b))) if a[i:i + 1] != b[i:i + 1]), 0)
        print(f"{out}: differs from a rebuild at {commit}, first at line {first + 1}", file=sys.stderr)
        return 1
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out} ({len(text.encode()):,} bytes)", file=sys.stderr)
    return 0
