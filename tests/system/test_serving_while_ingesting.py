"""The dashboard keeps serving while a separate process writes the store (issue 6: faults and load).

A real `streamlit run` server and a real writer process (store_writer, which also rewrites and compacts
segments) run at the same time; a browser-like websocket session keeps opening every page until the writer is
done. No page run may fail, and the session must see the store grow. `make bench` runs the longer soak.
"""
from __future__ import annotations

import asyncio
import subprocess
import sys

from benchmarks.client import StreamlitSession
from benchmarks.load import MAIN_PAGE, other_pages
from benchmarks.server import running_dashboard
from storyline.store import Store
from tests.conftest import ROOT
from tests.factories import parsed_article, tables_for

async def browse_until(url: str, writer: subprocess.Popen, store: Store) -> tuple[list, set[int]]:
    """Open pages round-robin until the writer exits; return every run and the store versions seen."""
    session = StreamlitSession(url)
    await session.open()
    runs, versions = [], set()
    try:
        runs.append(await session.run(MAIN_PAGE, "", 180))
        pages = [MAIN_PAGE, *other_pages(session)]
        position = 0
        while writer.poll() is None or position < len(pages):
            runs.append(await session.run(pages[position % len(pages)], "", 180))
            versions.add(store.version())
            position += 1
    finally:
        await session.close()
    return runs, versions


def test_pages_serve_without_errors_while_an_ingest_writes(tmp_path, store_dir):
    store = Store(store_dir)
    store.commit(tables_for([parsed_article(f"Seed {i}", f"Seed article number {i} about talks.", n_mentions=2)
                             for i in range(20)]))
    with running_dashboard(store_dir, tmp_path / "server.log") as server:
        writer = subprocess.Popen([sys.executable, "-m", "tests.system.store_writer", str(store_dir), "1500", "5",
                                   "--churn"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        runs, versions = asyncio.run(browse_until(server.url, writer, store))
        assert writer.wait() == 0, writer.stderr.read()
    failures = [(r.page, r.errors, r.status) for r in runs if r.errors or r.status != "finished"]
    assert failures == []
    assert len({r.page for r in runs}) == 8  # every page, however fast the writer (the run count depends on speed)
    assert len(versions) >= 3  # the pages were served while commits kept landing
    assert len(store.read_articles()) == 1520
