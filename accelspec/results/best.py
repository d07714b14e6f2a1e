"""One entry's best measured MLPerf results, short enough for ``accelspec show``.

Per inference benchmark: the newest round holding a closed-division result on a system of this
entry alone, and the best of those by throughput per catalog entry (derived). Each line keeps its
result ID; MLPerf's citation (round, division, entries, retrieval) and trademark line follow, as the
MLPerf terms ask. Training and every other result: ``accelspec results``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .derived import TRADEMARK, footnote, per_entry
from .peak import best_per_entry, round_key
from .records import THROUGHPUTS, Result


def best_results(rows: Sequence[Result]) -> list[Result]:
    """The best closed-division, single-kind inference result per benchmark in its newest round.

    Offline where the benchmark has it (the throughput scenario), else its first scenario; a '-99.9'
    benchmark only where its '-99' twin has no result (the same run is listed under both targets).
    Pass rows selected with ``fold_twins=False``, or a '-99' run folded into its '-99.9' twin is missed.
    """
    groups: dict[str, list[Result]] = {}
    for r in rows:
        if r.suite == "inference" and r.division == "closed" and not r.mixed and r.unit in THROUGHPUTS:
            groups.setdefault(r.benchmark, []).append(r)
    for name in list(groups):
        if name.endswith("-99.9") and name[: -len(".9")] in groups:
            del groups[name]
    out = []
    for name in sorted(groups):
        rs = groups[name]
        newest = max({r.version for r in rs}, key=round_key)
        rs = [r for r in rs if r.version == newest]
        scenarios = sorted({r.scenario or "" for r in rs})
        scenario = "Offline" if "Offline" in scenarios else scenarios[0]
        rs = [r for r in rs if (r.scenario or "") == scenario]
        out.append(max(rs, key=lambda r: per_entry(r).value or 0.0))  # ID order: a tie keeps the lower ID
    return out


def render_best(rows: Sequence[Result]) -> str:
    """Lines of round, benchmark, scenario, result ID, value, per chip (derived), then MLPerf's citation."""
    if not rows:
        return ""
    head = ("round", "benchmark", "scenario", "result", "value", "per chip*", "precision")
    table = [head]
    for r in rows:
        d = per_entry(r)
        per = _num(d.value) if d.value is not None else "—"
        table.append((r.version, r.benchmark, r.scenario or "—", r.id, f"{_num(r.value)} {r.unit}", per,
                      r.precision or "—"))
    widths = [max(len(t[i]) for t in table) for i in range(len(head))]
    lines = [" " + "  ".join(c.ljust(w) for c, w in zip(t, widths)).rstrip() for t in table]
    lines.append(" * derived by accelspec: the system's value over its accelerators (a GB200 superchip is two "
                 "of\n   MLPerf's GPUs).")
    by_round: dict[str, list[Result]] = {}
    for r in rows:
        by_round.setdefault(r.version, []).append(r)
    for version, rs in by_round.items():
        r = rs[0]
        text = (f"MLPerf {version} Inference Closed ({r.system_type or 'datacenter'}), "
                f"entries {', '.join(dict.fromkeys(x.id for x in rs))}. Retrieved from https://github.com/{r.repository} "
                f"(commit {r.commit[:7]}) on {r.retrieved}.")
        lines.append(textwrap.fill(text, 100, initial_indent=" ", subsequent_indent="   "))
    lines.append(textwrap.fill(TRADEMARK, 100, initial_indent=" ", subsequent_indent="   "))
    return "\n".join(lines)


def _num(v: float) -> str:
    return f"{v:,.0f}" if v >= 100 else f"{v:.3g}"


# --------------------------------------------------------------------------- one column of a table

_SCENARIOS = {"offline": "Offline", "server": "Server", "interactive": "Interactive", "singlestream": "SingleStream",
              "multistream": "MultiStream"}


class Column:
    """One benchmark and scenario in its newest round: what ``mlperf_<benchmark>_<scenario>`` reads."""

    def __init__(self, benchmark: str, scenario: str):
        from .loader import builtin_results

        self._results = builtin_results()
        rows = [r for r in self._results.select((), benchmark=benchmark, scenario=_SCENARIOS[scenario],
                                                fold_twins=False) if r.division == "closed"]
        if not rows:
            from ..errors import UnknownFieldError

            raise UnknownFieldError(f"mlperf_{benchmark}_{scenario}", [],
                                    f"no closed-division MLPerf result for {benchmark} {_SCENARIOS[scenario]}; "
                                    "`accelspec results --benchmark NAME` lists what there is")
        if rows[0].unit not in THROUGHPUTS:
            from ..errors import InvalidValueError

            raise InvalidValueError("benchmark", f"{benchmark} {_SCENARIOS[scenario]}",
                                    f"it reports {rows[0].unit!r}, not a throughput to share per chip")
        self.benchmark, self.scenario, self.unit = rows[0].benchmark, rows[0].scenario, rows[0].unit
        self.version = max({r.version for r in rows}, key=round_key)
        # each entry's best result of the round, once (mixed systems and spellings with no entry drop out)
        self._best = {cid: r for cid, (r, _d) in best_per_entry([r for r in rows if r.version == self.version])[0].items()}
        self._shown: dict[str, Result] = {}   # entry id -> the result its value came from, for cite()

    def result(self, entry, catalog=None):
        """The entry's best result per chip in this round (a metric Result citing it), or why there is none."""
        from ..metrics import Result

        unit = f"{self.unit} per chip"
        best = self._best.get(entry.id)
        if best is None:
            older = self._results.select([entry.id], benchmark=self.benchmark, scenario=self.scenario,
                                         fold_twins=False, catalog=catalog)
            n = len(older)
            where = (f"; {n} result{'s' if n != 1 else ''} in older rounds: `accelspec results {entry.id} "
                     f"--benchmark {self.benchmark}`" if older else "")
            return Result(None, unit, reason=f"no closed-division MLPerf {self.version} result for {self.benchmark} "
                                             f"{self.scenario} on this entry alone{where}")
        self._shown[entry.id] = best
        return Result(per_entry(best).value, unit, note=self.cite([entry.id]))

    def cite(self, entry_ids) -> str | None:
        """MLPerf's footnote naming every result this column gave ``entry_ids`` (one line for a whole table)."""
        shown = [self._shown[i] for i in entry_ids if i in self._shown]
        if not shown:
            return None
        return f"{footnote(shown)} Per chip: derived by accelspec (result / accelerators)."


def column(benchmark: str, scenario: str) -> Column:
    return Column(benchmark, scenario)
