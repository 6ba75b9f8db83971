"""The load test and the page tour: browser-like sessions against a running dashboard server (loopback only).

Page tour: one session opens every page on a freshly started server (the first load fills the caches), then every
page again (warm), then under a filter; the server's resident memory is read from /proc afterwards.
Load test: N concurrent sessions, each doing a bounded number of page and filter changes with a short think time
between them (rerunning the store-status fragment when it is due, as a browser does), under a hard time limit.
Filters change through the URL's query string, as a page link or a shared link carries them.
"""
from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.client import RunResult, StreamlitSession
from benchmarks.server import DashboardServer
from benchmarks.timing import Timing
from storyline.analysis.cooccurrence import count_entities
from storyline.analysis.queries import read_story

MAIN_PAGE = ""  # the entrypoint's url pathname as the browser first asks for it
MAIN_NAMES = ("", "dashboard")  # how the entrypoint may be listed among the pages


@dataclass(frozen=True)
class Action:
    """One thing a person does in the browser: open a page, change the filter, or a fragment's timed rerun."""

    kind: str
    page: str
    query: str
    result: RunResult

    @property
    def failed(self) -> bool:
        """True when the person would have seen an error or waited in vain."""
        return bool(self.result.errors) or self.result.status != "finished"


@dataclass
class LoadFigures:
    """What the sessions saw."""

    sessions: int
    planned_actions: int
    seconds: float
    actions: list[Action] = field(default_factory=list)
    stopped_early: int = 0
    memory_kib: dict[str, int] = field(default_factory=dict)

    def timing(self, kind: str | None = None, page: str | None = None) -> Timing:
        """Latencies of the actions of a kind (and page)."""
        return Timing(tuple(a.result.seconds for a in self.actions
                            if (kind is None or a.kind == kind) and (page is None or a.page == page)))

    def errors(self) -> list[str]:
        """Every error a session saw, with its page and query."""
        return [f"{a.kind} {a.page or 'Overview'}?{a.query}: {e}" for a in self.actions if a.failed
                for e in (a.result.errors or [a.result.status])]


def filter_queries(store_path: Path, seed: int = 3) -> list[str]:
    """Query strings of filters an analyst would set on this store (entities, outlets, months, a search)."""
    from storyline.store import Store
    story = read_story(Store(store_path))
    entities = count_entities(story.mentions)["entity"].head(12).tolist()
    outlets = story.articles["outlet"].value_counts().index[:6].tolist()
    days = story.articles["published"].dropna().sort_values()
    rng = random.Random(seed)
    queries = [""]
    for _ in range(14):
        params: dict[str, object] = {}
        roll = rng.random()
        if roll < 0.5:
            params["entity"] = rng.sample(entities, rng.choice((1, 1, 2)))
        if roll > 0.3:
            params["outlet"] = rng.choice(outlets)
        if rng.random() < 0.4:
            start = days.iloc[rng.randrange(len(days))].date()
            params.update({"from": start.isoformat(), "to": (start + timedelta(days=30)).isoformat()})
        if rng.random() < 0.1:
            params["q"] = "treaty"
        queries.append(urlencode(params, doseq=True))
    return queries


def other_pages(session: StreamlitSession) -> list[str]:
    """The pages besides the entrypoint, as the server listed them."""
    return [p for p in session.pages if p not in MAIN_NAMES]


async def act(session: StreamlitSession, kind: str, page: str, query: str, timeout: float) -> Action:
    """Run one action and keep what it showed."""
    result = await (session.run(page, query, timeout) if kind != "fragment"
                    else session.run_fragment(query, timeout))
    return Action(kind, page, query if kind != "fragment" else "", result)


async def think(session: StreamlitSession, seconds: float, actions: list[Action], deadline: float,
                last_fragment_run: dict[str, float]) -> None:
    """Wait like a reader, rerunning any fragment whose interval has passed (as the browser's timer does)."""
    until = min(time.monotonic() + seconds, deadline)
    while time.monotonic() < until:
        for fragment, interval in list(session.fragments.items()):
            if time.monotonic() - last_fragment_run.get(fragment, 0.0) >= interval:
                last_fragment_run[fragment] = time.monotonic()
                actions.append(await act(session, "fragment", session.page, fragment, max(deadline - time.monotonic(), 1)))
        await asyncio.sleep(min(0.2, max(until - time.monotonic(), 0)))


async def browse(base_url: str, number: int, pages: Sequence[str], queries: Sequence[str], steps: int,
                 deadline: float, seed: int) -> tuple[list[Action], bool]:
    """One session: open the Overview, then `steps` page or filter changes; returns its actions and whether it
    finished before the deadline."""
    rng = random.Random(seed * 1000 + number)
    session = StreamlitSession(base_url)
    actions: list[Action] = []
    fragments: dict[str, float] = {}
    await asyncio.sleep(rng.uniform(0, 2))  # people do not all arrive in the same instant
    await session.open()
    try:
        page, query = MAIN_PAGE, ""
        actions.append(await act(session, "open", page, query, max(deadline - time.monotonic(), 1)))
        fragments = {f: time.monotonic() for f in session.fragments}
        for _ in range(steps):
            if time.monotonic() >= deadline:
                return actions, False
            await think(session, rng.uniform(0.5, 2.0), actions, deadline, fragments)
            if rng.random() < 0.5:
                page, kind = rng.choice([p for p in pages if p != page]), "page"
                query = session.query  # a page link carries the filter
            else:
                query, kind = rng.choice([q for q in queries if q != query]), "filter"
            actions.append(await act(session, kind, page, query, max(deadline - time.monotonic(), 1)))
        return actions, True
    finally:
        await session.close()


async def run_sessions(server: DashboardServer, queries: Sequence[str], *, sessions: int, steps: int,
                       time_limit: float, seed: int) -> LoadFigures:
    """Run the sessions concurrently; stop them all at the time limit."""
    probe = StreamlitSession(server.url)
    await probe.open()
    await probe.run(MAIN_PAGE, "")
    pages = [MAIN_PAGE, *other_pages(probe)]
    await probe.close()
    started = time.monotonic()
    deadline = started + time_limit
    outcomes = await asyncio.gather(*(browse(server.url, n, pages, queries, steps, deadline, seed)
                                      for n in range(sessions)), return_exceptions=True)
    figures = LoadFigures(sessions, sessions * (steps + 1), time.monotonic() - started)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            failed = RunResult("?", "", 0.0, [f"session failed: {type(outcome).__name__}: {outcome}"], status="error")
            figures.actions.append(Action("open", "?", "", failed))
            continue
        actions, finished = outcome
        figures.actions += actions
        figures.stopped_early += 0 if finished else 1
    figures.memory_kib = server.memory_kib()
    return figures


def load_test(server: DashboardServer, store_path: Path, *, sessions: int = 20, steps: int = 15,
              time_limit: float = 900.0, seed: int = 5) -> LoadFigures:
    """The load test: `sessions` concurrent sessions of `steps` changes each, within `time_limit` seconds."""
    return asyncio.run(run_sessions(server, filter_queries(store_path), sessions=sessions, steps=steps,
                                    time_limit=time_limit, seed=seed))


@dataclass
class TourFigures:
    """Page loads of one session touring a fresh server, and the server's memory after it."""

    first: dict[str, RunResult]
    cold: dict[str, RunResult]
    warm: dict[str, RunResult]
    filtered: dict[str, RunResult]
    memory_kib: dict[str, int]
    idle_memory_kib: dict[str, int]


async def visit_all(session: StreamlitSession, pages: list[str], query: str, timeout: float
                    ) -> dict[str, RunResult]:
    """Open the Overview, then every other page, with one query string."""
    runs = {"Overview": await session.run(MAIN_PAGE, query, timeout)}
    for page in pages or other_pages(session):
        runs[page] = await session.run(page, query, timeout)
    return runs


async def tour(server: DashboardServer, query: str, timeout: float) -> list[dict[str, RunResult]]:
    """Every page: first after the server started (modules imported then), on a cold cache, warm, filtered."""
    session = StreamlitSession(server.url)
    await session.open()
    try:
        first = await visit_all(session, [], "", timeout)
        pages = other_pages(session)
        await session.clear_cache()
        cold = await visit_all(session, pages, "", timeout)
        warm = await visit_all(session, pages, "", timeout)
        return [first, cold, warm, await visit_all(session, pages, query, timeout)]
    finally:
        await session.close()


def page_tour(server: DashboardServer, store_path: Path, *, timeout: float = 300.0) -> TourFigures:
    """Tour every page on a fresh server, then read its memory."""
    idle = server.memory_kib()
    query = next(q for q in filter_queries(store_path) if "entity" in q)
    first, cold, warm, filtered = asyncio.run(tour(server, query, timeout))
    return TourFigures(first, cold, warm, filtered, server.memory_kib(), idle)
