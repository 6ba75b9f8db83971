"""Start and stop a real `streamlit run dashboard.py` on 127.0.0.1, and read its resident memory from /proc."""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nobody listens on at the moment (on loopback)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass
class DashboardServer:
    """A running Streamlit server: its process and address."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def url(self) -> str:
        """The base URL (loopback)."""
        return f"http://{HOST}:{self.port}"

    def memory_kib(self) -> dict[str, int]:
        """Resident memory of the server process and its children now (VmRSS) and at its peak (VmHWM), KiB."""
        totals = {"VmRSS": 0, "VmHWM": 0}
        for pid in [self.process.pid, *child_pids(self.process.pid)]:
            for key, value in read_status(pid).items():
                if key in totals:
                    totals[key] += value
        return totals


def read_status(pid: int) -> dict[str, int]:
    """The kB fields of /proc/PID/status (empty when the process is gone)."""
    fields = {}
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            if value.strip().endswith("kB"):
                fields[name] = int(value.split()[0])
    return fields


def child_pids(pid: int) -> list[int]:
    """Every descendant process id, from /proc/PID/task/*/children."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found += [int(child), *child_pids(int(child))]
    return found


def wait_healthy(port: int, process: subprocess.Popen, timeout: float) -> None:
    """Wait until /_stcore/health answers ok; raise if the server exits or the time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {process.returncode} before it was ready")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"http://{HOST}:{port}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        time.sleep(0.3)
    raise TimeoutError(f"streamlit on port {port} not healthy after {timeout:.0f} s")


@contextlib.contextmanager
def running_dashboard(store: Path, log: Path, *, timeout: float = 90.0) -> Iterator[DashboardServer]:
    """Run the dashboard against a store on a free loopback port; always stopped on exit."""
    port = free_port()
    env = {**os.environ, "STORYLINE_STORE": str(store)}
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"), "--server.port", str(port),
               "--server.address", HOST, "--server.headless", "true", "--browser.gatherUsageStats", "false",
               "--server.runOnSave", "false", "--server.fileWatcherType", "none"]
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    server = DashboardServer(process, port, log)
    try:
        wait_healthy(port, process, timeout)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop the server we started (by its own process group id), forcefully if it does not exit in time."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(grace)
