"""Timing helpers: repeated runs within a time budget, medians and 95th percentiles, and the machine they ran on."""
from __future__ import annotations

import importlib.metadata
import os
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone


@dataclass(frozen=True)
class Timing:
    """Seconds of repeated runs of one piece of work."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median run, in seconds."""
        return percentile(self.runs, 50)

    @property
    def p95(self) -> float:
        """The 95th-percentile run, in seconds."""
        return percentile(self.runs, 95)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile by linear interpolation between the closest ranks (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def measure(work: Callable[[], object], *, repeats: int = 20, budget: float = 10.0, min_runs: int = 3,
            before: Callable[[], object] | None = None) -> Timing:
    """Run `work` up to `repeats` times (at least `min_runs`, then until `budget` seconds are spent);
    `before` runs untimed ahead of each run (e.g. to empty a cache)."""
    runs: list[float] = []
    spent_from = time.perf_counter()
    while len(runs) < repeats and (len(runs) < min_runs or time.perf_counter() - spent_from < budget):
        if before is not None:
            before()
        started = time.perf_counter()
        work()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs))


def time_once(work: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call takes, and what it returned."""
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo."""
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_gib() -> float:
    """Total memory in GiB from /proc/meminfo."""
    try:
        for line in open("/proc/meminfo", encoding="utf-8"):
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def load_average() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages (how busy the machine was)."""
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


def package_version(name: str) -> str:
    """An installed package's version, or 'not installed'."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_facts() -> dict[str, str]:
    """Cores, memory, CPU, versions and date: the header of a benchmark report."""
    from storyline.nlp.model import model_name
    model = model_name("en")
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "memory": f"{memory_gib():.1f} GiB",
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "spacy": package_version("spacy"),
        "model": f"{model} {package_version(model.replace('_', '-'))}",
        "duckdb": package_version("duckdb"),
        "pandas": package_version("pandas"),
        "pyarrow": package_version("pyarrow"),
        "streamlit": package_version("streamlit"),
        "load average at start": " / ".join(f"{v:.1f}" for v in load_average()),
    }
