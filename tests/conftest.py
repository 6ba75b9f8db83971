"""Shared fixtures: paths to the repository, the shared corpus (skipped when absent) and temporary stores."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
SEED_FILE = ROOT / "data" / "seed" / "japantimes-2023-09-14-putin-accepts-kim-invite.txt"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """../shared/corpus, or a skip with the reason when it is absent (as on a user's machine)."""
    corpus = SHARED / "corpus"
    if not corpus.exists():
        pytest.skip(f"evaluation corpus not found at {corpus} (tests and evaluation only)")
    return corpus


@pytest.fixture()
def store_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty store folder, also set as $STORYLINE_STORE for code that reads the default."""
    path = tmp_path / "store"
    monkeypatch.setenv("STORYLINE_STORE", str(path))
    return path
