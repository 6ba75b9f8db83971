"""Browser tests: `streamlit run` on a free local port over the hand-made test story, driven by Playwright in
Debian's chromium (Playwright's own browser download does not work here)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.pages.stories import build_story_store

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
MAIN = '[data-testid="stMain"]'
START_SECONDS = 90
SETTLE_SECONDS = 120
# Streamlit's frontend probes <page>/_stcore/health and host-config on a deep link and falls back to the root.
EXPECTED_404 = re.compile(r"/_stcore/(health|host-config)$")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Dashboard:
    """A running dashboard: its base URL, its store folder and the ids of the test story's articles."""

    url: str
    store: Path
    ids: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dashboard]:
    """`streamlit run dashboard.py` on a free port over a fresh copy of the test story; stopped afterwards."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    folder = tmp_path_factory.mktemp("browser")
    ids = build_story_store(folder / "store")
    port = free_port()
    env = {**os.environ, "STORYLINE_STORE": str(folder / "store"), "STORYLINE_ALIASES": str(folder / "aliases.csv")}
    command = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port),
               "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    with open(folder / "server.log", "w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(f"http://127.0.0.1:{port}", server)
            yield Dashboard(f"http://127.0.0.1:{port}", folder / "store", ids)
        finally:
            server.terminate()
            server.wait(timeout=30)


def wait_until_healthy(url: str, server: subprocess.Popen) -> None:
    """Block until the server answers its health check (or fail with its exit code)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer within {START_SECONDS} s")


@dataclass
class Browser:
    """One chromium page with the errors it reported."""

    page: object
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[Browser]:
    """A chromium page recording console errors, failed responses and any JavaScript dialog."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=str(CHROMIUM),
                                                            args=FLAGS, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        found = Browser(page)
        page.on("console", lambda m: found.errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        page.on("response", lambda r: found.errors.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 and not EXPECTED_404.search(r.url) else None)
        page.on("pageerror", lambda e: found.errors.append(str(e)))
        page.on("dialog", lambda d: (found.dialogs.append(d.message), d.dismiss()))
        try:
            yield found
        finally:
            context.close()


def settle(page, quiet_checks: int = 3) -> None:
    """Wait until the app has rendered and nothing is stale or running for a few checks in a row."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=SETTLE_SECONDS * 1000)
    page.wait_for_selector(f"{MAIN} [data-testid='stCaptionContainer']", timeout=SETTLE_SECONDS * 1000)
    quiet, deadline = 0, time.monotonic() + SETTLE_SECONDS
    while quiet < quiet_checks and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        busy = page.locator('[data-stale="true"], [data-testid="stStatusWidget"]').count()
        quiet = 0 if busy else quiet + 1


def caption(page) -> str:
    """The page's first caption: what it says is shown."""
    return page.locator(f"{MAIN} [data-testid='stCaptionContainer']").first.inner_text()
