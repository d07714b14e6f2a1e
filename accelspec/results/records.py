"""The records of measured results: one MLPerf result, the accelerators in its system, and the set of them.

A :class:`Result` keeps what MLPerf published as MLPerf published it (the accelerator's spelling,
its count per node and the node count, the value in MLPerf's unit) and adds only what the alias
table says (:class:`Share`: which catalog entry each spelling is, and how many of what MLPerf
counts make one entry: a GB200 superchip is two of MLPerf's GPUs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from attrs import field, frozen

from ..model import PartialDate, Source

SUITES = ("inference", "training")
DIVISIONS = ("closed", "open")
SYSTEM_TYPES = ("datacenter", "edge")
AVAILABILITIES = ("available", "preview", "rdi")
SCENARIOS = ("Offline", "Server", "Interactive", "SingleStream", "MultiStream")
UNITS = {"Tokens/s": "higher", "Samples/s": "higher", "Queries/s": "higher", "Latency (ms)": "lower",
         "minutes": "lower"}
"""MLPerf's units as its files print them, and which way is better. Training's time to train is in
minutes (lower is better); the edge suite's SingleStream and MultiStream report a latency."""
THROUGHPUTS = ("Tokens/s", "Samples/s", "Queries/s")


@frozen
class Alias:
    """One line of the alias table: an MLPerf spelling and the catalog entry it names (or why none)."""

    spelling: str
    id: str | None
    per_entry: int = 1
    counted: str | None = None
    basis: str | None = None
    note: str | None = None
    reason: str | None = None


@frozen
class Share:
    """One kind of accelerator in a result's system: MLPerf's spelling and count, and the catalog's."""

    spelling: str
    reported: int
    id: str | None = None
    per_entry: int = 1
    counted: str | None = None

    @property
    def count(self) -> int:
        """How many catalog entries: MLPerf's count over ``per_entry`` (8 GB200 GPUs are 4 superchips)."""
        return self.reported // self.per_entry

    @property
    def name(self) -> str:
        """The catalog id, or MLPerf's spelling when the alias table maps it to no entry."""
        return self.id or self.spelling

    def __str__(self) -> str:
        if self.per_entry > 1:
            return f"{self.reported} {self.counted} ({self.count} × {self.name})"
        return f"{self.count} × {self.name}" + ("" if self.id else " (no catalog entry)")


@frozen
class Result:
    """One MLPerf result: a benchmark (and scenario) run on one system, as published."""

    id: str
    suite: str
    version: str
    division: str
    system_type: str | None
    benchmark: str
    scenario: str | None
    submitter: str
    system: str
    platform: str
    availability: str
    accelerator: str
    per_node: int
    nodes: int
    value: float
    unit: str
    path: str
    source: Source = field(eq=False, repr=False)
    repository: str = field(repr=False)
    commit: str = field(repr=False)
    retrieved: PartialDate = field(repr=False)
    shares: tuple[Share, ...] = field(default=(), repr=False)
    software: str | None = field(default=None, repr=False)
    precision: str | None = field(default=None, repr=False)
    power: float | None = field(default=None, repr=False)
    same_run_as: str | None = field(default=None, repr=False)
    runs: int | None = field(default=None, repr=False)
    converged: int | None = field(default=None, repr=False)
    scaling: float | None = field(default=None, repr=False)
    notes: tuple[str, ...] = field(default=(), repr=False)
    file: str | None = field(default=None, eq=False, repr=False)

    @property
    def url(self) -> str:
        """The result's folder at the ingested commit."""
        return f"https://github.com/{self.repository}/tree/{self.commit}/{self.path}"

    @property
    def system_url(self) -> str:
        """The system description the counts were checked against."""
        base = f"{self.division}/" if self.suite == "inference" else ""
        return f"https://github.com/{self.repository}/blob/{self.commit}/{base}{self.submitter}/systems/{self.platform}.json"

    @property
    def better(self) -> str:
        """'higher' for a throughput, 'lower' for a latency or a time to train."""
        return UNITS[self.unit]

    @property
    def accelerators(self) -> int:
        """Accelerators as MLPerf counts them: per node x nodes (GPUs for a GB200 system)."""
        return self.per_node * self.nodes

    @property
    def entries(self) -> int:
        """Catalog entries in the system: MLPerf's count over each entry's ``per_entry`` (4 GB200 GPUs are 2 superchips)."""
        return sum(s.count for s in self.shares)

    @property
    def mixed(self) -> bool:
        return len(self.shares) > 1

    @property
    def catalog_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.shares if s.id)

    @property
    def preview(self) -> bool:
        return self.availability != "available"

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """What identifies it in its round: (suite, version, result id, benchmark, scenario)."""
        return (self.suite, self.version, self.id, self.benchmark, self.scenario or "")

    def __str__(self) -> str:
        scen = f" {self.scenario}" if self.scenario else ""
        return f"{self.id} {self.benchmark}{scen}: {self.value:g} {self.unit} ({self.submitter}, {self.system})"


class ResultSet:
    """Every loaded result, with the alias table they were read against; stable order, read-only."""

    def __init__(self, results: Iterable[Result], aliases: dict[str, Alias], sources: dict[str, Source]):
        self._results = tuple(sorted(results, key=lambda r: (r.suite, r.version, r.id, r.benchmark, r.scenario or "")))
        self.aliases = dict(aliases)
        self.sources = dict(sources)
        # a '-99.9' result's key -> the '-99' result that is the same run (listed under both targets)
        self._twins = {(r.suite, r.version, r.id, r.same_run_as, r.scenario or ""): r
                       for r in self._results if r.same_run_as}

    def __iter__(self) -> Iterator[Result]:
        return iter(self._results)

    def __len__(self) -> int:
        return len(self._results)

    def __repr__(self) -> str:
        return f"<ResultSet: {len(self)} results>"

    def benchmarks(self, suite: str | None = None) -> tuple[str, ...]:
        return tuple(sorted({r.benchmark for r in self if suite in (None, r.suite)}))

    def twin_of(self, r: Result) -> Result | None:
        """The '-99' result that is the same run as ``r`` (a '-99.9' result), if MLPerf lists one."""
        return self._twins.get(r.key)

    def unmapped(self) -> dict[str, int]:
        """MLPerf spellings with no catalog entry, with how many results name them."""
        out: dict[str, int] = {}
        for r in self:
            for s in r.shares:
                if s.id is None:
                    out[s.spelling] = out.get(s.spelling, 0) + 1
        return dict(sorted(out.items()))

    def select(self, chips: Sequence[str] = (), *, benchmark: str | Sequence[str] | None = None,
               scenario: str | None = None, suite: str | None = None, version: str | None = None,
               available_only: bool = False, fold_twins: bool = True, catalog=None) -> list[Result]:
        """The results matching every filter given.

        ``chips`` are catalog names (any id, name or alias: "H200", "MI300X"), or an MLPerf spelling
        the alias table maps to no entry ("NVIDIA GB300"); a result matches when one of its
        accelerators is one of them. Benchmark and scenario names are MLPerf's ("llama2-70b-99",
        "Offline"; case is ignored); an unknown one is an error with suggestions, never an empty
        answer. ``fold_twins`` leaves out a '-99' result that is the same run as a '-99.9' result
        also selected (MLPerf lists one run under both accuracy targets).
        """
        rows = list(self)
        if suite is not None:
            rows = [r for r in rows if r.suite == _one_of("suite", suite, SUITES)]
        if version is not None:
            v = version if str(version).startswith("v") else f"v{version}"
            rows = [r for r in rows if r.version == _one_of("version", v, sorted({r.version for r in self}))]
        if benchmark is not None:
            wanted = [benchmark] if isinstance(benchmark, str) else list(benchmark)
            valid = self.benchmarks(suite)
            names_ = {_one_of("benchmark", b, valid, fold=True) for b in wanted}
            rows = [r for r in rows if r.benchmark in names_]
        if scenario is not None:
            present = sorted({r.scenario for r in self if r.scenario})
            scen = _one_of("scenario", scenario, present, fold=True)
            rows = [r for r in rows if r.scenario == scen]
        if chips:
            ids, spellings = self._resolve(chips, catalog)
            rows = [r for r in rows if any(s.id in ids or (s.id is None and s.spelling in spellings) for s in r.shares)]
        if available_only:
            rows = [r for r in rows if not r.preview]
        if fold_twins:
            keys = {r.key for r in rows}
            rows = [r for r in rows
                    if not (r.same_run_as and (r.suite, r.version, r.id, r.same_run_as, r.scenario or "") in keys)]
        return rows

    def _resolve(self, chips: Sequence[str], catalog) -> tuple[set[str], set[str]]:
        """Catalog ids and unmapped MLPerf spellings the chip names name."""
        from .. import names
        from ..errors import UnknownAcceleratorError

        if catalog is None:
            from ..catalog import builtin_catalog

            catalog = builtin_catalog()
        ids: set[str] = set()
        spellings: set[str] = set()
        unmapped = {s.spelling for r in self for s in r.shares if s.id is None}
        for chip in chips:
            try:
                ids.add(catalog.get(chip).id)
            except UnknownAcceleratorError:
                k = names.key(chip)
                hit = {sp for sp in unmapped
                       if k == names.key(sp) or any(k == rest for _v, rest in names.strip_vendor(names.key(sp)))}
                if not hit:
                    raise
                spellings |= hit
        return ids, spellings


def _one_of(what: str, value: str, valid: Sequence[str], fold: bool = False) -> str:
    """``value`` if it is in ``valid`` (ignoring case with ``fold``), else an error with suggestions."""
    from ..errors import InvalidValueError, close_hint

    if value in valid:
        return value
    if fold:
        for v in valid:
            if v.lower() == str(value).lower():
                return v
    raise InvalidValueError(what, value, close_hint(str(value), list(valid)))
