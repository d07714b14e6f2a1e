"""One function per rule: the 2022 and 2023 ECCN 3A090 tests, NAC/ACA, the 2026 China review, the 2026 tariff; and the margins to each line."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from .thresholds import (
    DRAM_2026,
    IO_2022,
    PD_A2,
    PD_B1,
    PD_B2,
    TARIFF_BAND1,
    TARIFF_BAND2,
    TPP_2022,
    TPP_2026,
    TPP_A1,
    TPP_A2,
    TPP_B1,
    _clean,
    _fmt,
)

# ====================================================================== decisions


@frozen
class _Decision:
    """One rule's answer: ``decided`` False means an input that could change it is missing."""

    value: Any
    why: str
    decided: bool = True
    missing: tuple[str, ...] = ()


@frozen
class Margin:
    """The distance from a figure to a threshold: 'TPP 2,368 is 32 below the 3A090.b.1 floor of 2,400'."""

    threshold: str
    quantity: str
    value: float
    limit: float

    @property
    def distance(self) -> float:
        """Signed: positive above the threshold, negative below."""
        return _clean(self.value - self.limit)

    def __str__(self) -> str:
        unit = " GB/s" if "bandwidth" in self.quantity or "interconnect" in self.quantity else ""
        head = f"{self.quantity} {_fmt(self.value)}{unit}"
        if self.distance == 0:
            return f"{head} is exactly at the {self.threshold} of {_fmt(self.limit)}{unit}"
        side = "above" if self.distance > 0 else "below"
        return f"{head} is {_fmt(abs(self.distance))}{unit} {side} the {self.threshold} of {_fmt(self.limit)}{unit}"


def _eccn_2022(tpp: float | None, io: float | None) -> _Decision:
    """87 FR 62186 3A090.a: chip-to-chip I/O >= 600 GB/s AND bits x TOPS >= 4800."""
    if io is not None and io < IO_2022:
        # the H800 case: below 600 GB/s the 2022 rule does not apply, whatever the TPP
        return _Decision(None, f"no: chip-to-chip I/O {_fmt(io)} GB/s is below 600 GB/s")
    if tpp is None:
        return _Decision(None, "cannot tell: no TPP", False, ("dense_compute",))
    if tpp < TPP_2022:
        return _Decision(None, f"no: TPP {_fmt(tpp)} is below 4,800")
    if io is None:
        return _Decision(None, f"cannot tell: TPP {_fmt(tpp)} ≥ 4,800, and the chip-to-chip I/O is unknown", False, ("interconnect",))
    return _Decision("3A090.a", f"yes: TPP {_fmt(tpp)} ≥ 4,800 and chip-to-chip I/O {_fmt(io)} GB/s ≥ 600 GB/s")


def _by_numbers(tpp: float, pd: float) -> str | None:
    """The 3A090 paragraph TPP and PD meet, .a before .b (88 FR 73458); TPP < 4800 here."""
    if tpp >= TPP_A2 and pd >= PD_A2:
        return "3A090.a.2"
    if TPP_B1 <= tpp < TPP_A1 and PD_B1 <= pd < PD_A2:
        return "3A090.b.1"
    if tpp >= TPP_A2 and PD_B2 <= pd < PD_A2:
        return "3A090.b.2"
    return None


def _eccn_2023(tpp: float | None, pd: float | None, dc: bool | None) -> _Decision:
    """88 FR 73458: .a first (.a prevails over .b), then the note for non-datacenter chips."""
    if tpp is None:
        return _Decision(None, "cannot classify: no TPP", False, ("dense_compute",))
    if tpp >= TPP_A1:
        return _Decision("3A090.a.1", f"3A090.a.1: TPP {_fmt(tpp)} ≥ 4,800 (no density test needed)")
    if tpp < TPP_A2:
        return _Decision(None, f"not 3A090: TPP {_fmt(tpp)} is below 1,600, whatever the density")
    if dc is False:
        return _Decision(None, f"not 3A090: not designed or marketed for datacenters and TPP {_fmt(tpp)} < 4,800 (the datacenter note)")
    if pd is None:
        need = ("die_area",) + (("datacenter",) if dc is None else ())
        return _Decision(None, f"cannot classify: TPP {_fmt(tpp)} is between 1,600 and 4,800, so the class depends on the die area", False, need)
    cls = _by_numbers(tpp, pd)
    if cls is None:
        return _Decision(None, f"not 3A090: TPP {_fmt(tpp)} with PD {_fmt(pd)} meets no paragraph")
    if dc is None:
        return _Decision(None, f"cannot classify: meets {cls} by its numbers, but the datacenter note "
                               "applies if it is not designed or marketed for datacenters", False, ("datacenter",))
    return _Decision(cls, f"{cls}: TPP {_fmt(tpp)}, PD {_fmt(pd)}")


def _nac_aca(eccn: _Decision, tpp: float | None, dc: bool | None) -> _Decision:
    """NAC/ACA (88 FR 73458): 3A090.a not for datacenters with TPP >= 4800, or 3A090.b for datacenters."""
    if not eccn.decided:
        return _Decision(None, "cannot tell: the class is unknown", False, eccn.missing)
    if eccn.value is None:
        return _Decision(False, "not applicable: not 3A090")
    if eccn.value.startswith("3A090.a"):
        if dc is None:
            return _Decision(None, "cannot tell: eligible only if not designed or marketed for datacenters", False, ("datacenter",))
        if dc is False and tpp >= TPP_A1:
            return _Decision(True, "eligible: 3A090.a, not for datacenters, TPP ≥ 4,800")
        return _Decision(False, "not eligible: 3A090.a designed or marketed for datacenters")
    ok = dc is True
    return _Decision(ok, "eligible: 3A090.b designed or marketed for datacenters" if ok else "not eligible")


def _china_2026(eccn: _Decision, tpp: float | None, dram: float | None) -> _Decision:
    """91 FR 1684: controlled, TPP < 21,000 AND DRAM bandwidth < 6,500 GB/s -> case-by-case."""
    if not eccn.decided:
        return _Decision(None, "cannot tell: the class is unknown", False, eccn.missing)
    if eccn.value is None:
        return _Decision("not controlled", "not controlled: not 3A090")
    if tpp >= TPP_2026:
        return _Decision("presumption of denial", f"presumption of denial: TPP {_fmt(tpp)} is not below 21,000")
    if dram is None:
        return _Decision(None, f"cannot tell: TPP {_fmt(tpp)} < 21,000, and the DRAM bandwidth is unknown", False, ("dram_bandwidth",))
    if dram < DRAM_2026:
        return _Decision("case-by-case", f"case-by-case review: TPP {_fmt(tpp)} < 21,000 and DRAM bandwidth {_fmt(dram)} GB/s < 6,500 GB/s")
    return _Decision("presumption of denial", f"presumption of denial: DRAM bandwidth {_fmt(dram)} GB/s is not below 6,500 GB/s")


def _tariff(tpp: float | None, dram: float | None) -> _Decision:
    """Proclamation 11002: 14,000 < TPP < 17,500 and 4,500 < DRAM < 5,000; or 20,800 ≤ TPP ≤ 21,100 and 5,800 ≤ DRAM ≤ 6,200."""
    if tpp is None:
        return _Decision(None, "cannot tell: no TPP", False, ("dense_compute",))
    (t1lo, t1hi), (d1lo, d1hi) = TARIFF_BAND1
    (t2lo, t2hi), (d2lo, d2hi) = TARIFF_BAND2
    band1 = t1lo < tpp < t1hi
    band2 = t2lo <= tpp <= t2hi
    if not (band1 or band2):
        return _Decision(False, f"no: TPP {_fmt(tpp)} is outside both bands")
    if dram is None:
        return _Decision(None, f"cannot tell: TPP {_fmt(tpp)} is in a band, and the DRAM bandwidth is unknown", False, ("dram_bandwidth",))
    if band1 and d1lo < dram < d1hi:
        return _Decision(True, f"yes (band 1): 14,000 < TPP {_fmt(tpp)} < 17,500 and 4,500 < {_fmt(dram)} GB/s < 5,000")
    if band2 and d2lo <= dram <= d2hi:
        return _Decision(True, f"yes (band 2): 20,800 ≤ TPP {_fmt(tpp)} ≤ 21,100 and 5,800 ≤ {_fmt(dram)} GB/s ≤ 6,200")
    return _Decision(False, f"no: DRAM bandwidth {_fmt(dram)} GB/s is outside the band for TPP {_fmt(tpp)}")


def _nearest(quantity: str, value: float, limits: dict[float, str]) -> Margin:
    limit = min(limits, key=lambda t: (abs(value - t), t))
    return Margin(limits[limit], quantity, value, limit)


def _margins(tpp, pd, io, dram) -> tuple[Margin, ...]:
    """The nearest threshold for each figure and rule, the class boundaries first."""
    out = []
    if tpp is not None:
        out.append(_nearest("TPP", tpp, {TPP_A2: "3A090.a.2/b.2 floor", TPP_B1: "3A090.b.1 floor", TPP_A1: "3A090.a.1 floor"}))
    if pd is not None:
        out.append(_nearest("PD", pd, {PD_B1: "3A090.b.1 density floor", PD_B2: "3A090.b.2 density floor",
                                       PD_A2: "3A090.a.2 density floor"}))
    if io is not None:
        out.append(Margin("Oct 2022 3A090.a interconnect floor", "interconnect", io, IO_2022))
    if tpp is not None:
        out.append(Margin("Jan 2026 case-by-case TPP limit", "TPP", tpp, TPP_2026))
    if dram is not None:
        out.append(Margin("Jan 2026 case-by-case DRAM limit", "DRAM bandwidth", dram, DRAM_2026))
    if tpp is not None:
        out.append(_nearest("TPP", tpp, {14000.0: "tariff band-1 lower edge", 17500.0: "tariff band-1 upper edge",
                                         20800.0: "tariff band-2 lower edge", 21100.0: "tariff band-2 upper edge"}))
    if dram is not None:
        out.append(_nearest("DRAM bandwidth", dram, {4500.0: "tariff band-1 lower edge", 5000.0: "tariff band-1 upper edge",
                                                     5800.0: "tariff band-2 lower edge", 6200.0: "tariff band-2 upper edge"}))
    return tuple(out)


def _die_area_hint(tpp: float) -> str:
    """What die area would decide a chip whose TPP is known and whose die area is not."""
    parts = [f"3A090.a.2 if the applicable die area is at most {_fmt(tpp / PD_A2)} mm² (PD ≥ 5.92)"]
    if tpp >= TPP_B1:
        parts.append(f"3A090.b if at most {_fmt(tpp / PD_B1)} mm² (PD ≥ 1.6)")
    else:
        parts.append(f"3A090.b.2 if at most {_fmt(tpp / PD_B2)} mm² (PD ≥ 3.2)")
    return f"with TPP {_fmt(tpp)}: " + "; ".join(parts) + "; otherwise not 3A090"
