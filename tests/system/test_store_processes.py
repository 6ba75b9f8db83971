"""Store guarantees shown with real separate processes: concurrent reads, kill -9, re-run completion."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from storyline.store import Store
from tests.conftest import ROOT
from tests.system.store_reader import check_once


def spawn(*args: str) -> subprocess.Popen:
    """Start `python -m <args>` from the repository root."""
    return subprocess.Popen([sys.executable, "-m", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_reader_process_never_fails_while_a_writer_process_commits(store_dir):
    writer = spawn("tests.system.store_writer", str(store_dir), "400", "5", "--churn")
    reader = spawn("tests.system.store_reader", str(store_dir), "20")
    reader_out, reader_err = reader.communicate(timeout=120)
    writer.communicate(timeout=300)
    assert writer.returncode == 0
    result = json.loads(reader_out.strip().splitlines()[-1])
    assert result["failures"] == 0, result["errors"]
    assert result["incomplete"] == 0
    assert result["reads"] >= 20 and result["max_articles"] > 0
    assert len(Store(store_dir).read_articles()) == 400


def test_kill_minus_nine_loses_nothing_committed(store_dir):
    rng = random.Random(20230913)
    committed_before = 0
    for _ in range(12):
        writer = spawn("tests.system.store_writer", str(store_dir), "3000", "7", "--churn")
        time.sleep(rng.uniform(0.3, 2.0))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        store = Store(store_dir)
        count, incomplete = check_once(store)
        assert incomplete == 0
        assert count >= committed_before  # nothing committed earlier was lost
        committed_before = count
    finisher = spawn("tests.system.store_writer", str(store_dir), "3000", "500")
    finisher.communicate(timeout=600)
    assert finisher.returncode == 0
    count, incomplete = check_once(Store(store_dir))
    assert (count, incomplete) == (3000, 0)


def test_killed_cli_ingest_is_completed_by_a_rerun(tmp_path, store_dir):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for i in range(24):
        (inputs / f"a{i:02d}.txt").write_text(
            f"Report {i}\n\nOfficials in city number {i} said on Monday that talks would go on. "
            f"Minister Ivan Petrov{i} attended the meeting.\n")
    env = {**os.environ, "STORYLINE_STORE": str(store_dir)}
    command = [sys.executable, "-m", "storyline", "ingest", str(inputs), "--batch", "4", "--published", "2023-09-14"]
    run = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    store = Store(store_dir)
    deadline = time.monotonic() + 120
    while store.version() < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.send_signal(signal.SIGKILL)
    run.wait()
    stored = store.read_articles()
    assert 0 < len(stored) < 24 and len(stored) % 4 == 0  # whole batches only
    assert store.read_sentences()["article_id"].nunique() == len(stored)
    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == f"added {24 - len(stored)}, updated 0, duplicates {len(stored)}, failed 0"
    assert len(store.read_articles()) == 24
