"""The :class:`Classification`: one chip's reading under each rule, with its text, Markdown and HTML forms."""

from __future__ import annotations

import html
from typing import Any

from attrs import field, frozen

from ..model import PRECISION_BITS
from .inputs import Inputs
from .rules import Margin
from .thresholds import _RULES_LINE, NOT_LEGAL_ADVICE, NOTE_3A090C, RECORD_KEYS, _fmt

# ====================================================================== classification


@frozen
class Classification:
    """The reading of one chip under each rule; None where not controlled or not decidable.

    ``undecided`` names the outputs an absent input leaves open (``missing`` names those
    inputs); an output set to None that is not in ``undecided`` means "not controlled".
    ``reasons`` holds one plain sentence per rule.
    """

    name: str | None
    id: str | None
    tpp: float | None
    tpp_precision: str | None
    tpp_by_precision: dict[str, float] = field(hash=False)
    performance_density: float | None
    die_area_mm2: float | None
    die_area_basis: str | None
    die_area_kind: str | None
    eccn_2022: str | None
    eccn_2023: str | None
    datacenter: bool | None
    outside_by_datacenter_note: bool
    nac_aca_eligible: bool | None
    china_review_2026: str | None
    tariff_2026: bool | None
    margins: tuple[Margin, ...]
    missing: tuple[str, ...]
    notes: tuple[str, ...]
    undecided: tuple[str, ...] = ()
    reasons: dict[str, str] = field(factory=dict, hash=False, repr=False)
    inputs: Inputs | None = field(default=None, eq=False, repr=False)

    # ------------------------------------------------------------------ records

    def to_record(self) -> dict[str, Any]:
        """The JSON record: id/name (when known), then RECORD_KEYS, then EXTRA_KEYS."""
        rec: dict[str, Any] = {}
        if self.id is not None:
            rec["id"] = self.id
        if self.name is not None:
            rec["name"] = self.name
        for k in RECORD_KEYS:
            v = getattr(self, k)
            rec[k] = list(v) if isinstance(v, tuple) else v
        rec["tpp_by_precision"] = dict(self.tpp_by_precision)
        rec["die_area_basis"] = self.die_area_basis
        rec["die_area_kind"] = self.die_area_kind
        rec["outside_by_datacenter_note"] = self.outside_by_datacenter_note
        rec["interconnect_gbs"] = self.inputs.interconnect_gbs if self.inputs else None
        rec["dram_bandwidth_gbs"] = self.inputs.dram_bandwidth_gbs if self.inputs else None
        rec["margins"] = [str(m) for m in self.margins]
        rec["undecided"] = list(self.undecided)
        return rec

    # ------------------------------------------------------------------ text

    def _title(self) -> str:
        if self.id and self.name:
            return f"{self.name} ({self.id})"
        return self.name or "hypothetical chip"

    def _tpp_text(self) -> str:
        if self.tpp is None:
            return f"unknown: {self.reasons.get('tpp', 'no dense compute figure')}"
        if self.tpp_precision == "given":
            return f"{_fmt(self.tpp)} (given)"
        p = self.tpp_precision
        dense = self.inputs.dense[p] if self.inputs else self.tpp / PRECISION_BITS[p]
        same = [q.upper() for q, v in self.tpp_by_precision.items() if q != p and v == self.tpp]
        text = f"{_fmt(self.tpp)}, set by {p.upper()} (dense {_fmt(dense)} × {PRECISION_BITS[p]} bits)"
        return text + (f"; {', '.join(same)} give the same" if same else "")

    def _pd_text(self) -> str:
        if self.performance_density is None:
            if self.die_area_mm2 is None:
                return "unknown: no die area"
            return "unknown: no TPP"
        basis = f"; die area {_fmt(self.die_area_mm2)} mm², {self.die_area_basis}"
        kind = f" [{self.die_area_kind}]" if self.die_area_kind else ""
        return f"{_fmt(self.performance_density)} TPP/mm²{basis}{kind}"

    def _rows(self) -> list[tuple[str, str]]:
        dc = {True: "yes: designed or marketed for datacenters", False: "no: not designed or marketed for datacenters",
              None: "unknown: whether it is designed or marketed for datacenters"}[self.datacenter]
        return [
            ("TPP", self._tpp_text()),
            ("Perf. density", self._pd_text()),
            ("Datacenter", dc),
            ("2022 3A090.a", self.reasons.get("eccn_2022", "")),
            ("2023 ECCN", self.reasons.get("eccn_2023", "")),
            ("NAC/ACA", self.reasons.get("nac_aca_eligible", "")),
            ("2026 China", self.reasons.get("china_review_2026", "")),
            ("2026 tariff", self.reasons.get("tariff_2026", "")),
        ]

    def _extras(self) -> list[str]:
        out = []
        if self.margins:
            out.append("Nearest threshold: " + str(self.margins[0]))
        if self.missing:
            out.append("Missing: " + ", ".join(self.missing) + " (" + ", ".join(self.undecided) + " left open)")
        out += [f"Note: {n}" for n in self.notes]
        out.append(_RULES_LINE)
        out.append(NOTE_3A090C)
        out.append(NOT_LEGAL_ADVICE)
        return out

    def __str__(self) -> str:
        width = max(len(k) for k, _ in self._rows())
        lines = [f"{self._title()}: US export-control reading"]
        lines += [f"  {k:<{width}}  {v}" for k, v in self._rows()]
        lines += [f"  {x}" for x in self._extras()]
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from tabulate import tabulate

        table = tabulate(self._rows(), headers=("", self._title()), tablefmt="github")
        return table + "\n\n" + "\n".join(f"- {x}" for x in self._extras())

    def _repr_html_(self) -> str:
        from tabulate import tabulate

        table = tabulate(self._rows(), headers=("", self._title()), tablefmt="html")
        items = "".join(f"<li>{html.escape(x)}</li>" for x in self._extras())
        return f"<div>{table}<ul style='font-size:smaller'>{items}</ul></div>"
