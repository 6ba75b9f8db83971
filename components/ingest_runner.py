"""Running the engine's CLI from the dashboard: ingests (and alias re-application) happen in a subprocess, so a
page never loads spaCy; the CLI's JSON lines drive the progress bar."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAPPLY_COMMAND = "reapply-aliases"  # engine CLI command that re-canonicalises stored mentions (see the report)
UPLOAD_SUFFIXES = ("txt", "html", "htm", "jsonl", "csv")
MAX_FILES = 50
MAX_FILE_MB = 10
MAX_URLS = 200


@dataclass
class RunOutcome:
    """What one CLI run reported: failures per input, its summary line, and the exit code."""

    returncode: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    summary: dict = field(default_factory=dict)
    errors: str = ""


def ingest_command(inputs: Sequence[str], *, store: Path, outlet: str = "", published: date | None = None,
                   feed: bool = False) -> list[str]:
    """The CLI call that ingests `inputs` into `store` with machine-readable output."""
    command = [sys.executable, "-m", "storyline", "--store", str(store), "ingest", "--json"]
    if outlet.strip():
        command += ["--outlet", outlet.strip()]
    if published:
        command += ["--published", published.isoformat()]
    if feed:
        command.append("--feed")
    return command + ["--", *inputs]


def run_cli(command: Sequence[str], on_progress: Callable[[int, int | None], None]) -> RunOutcome:
    """Run a CLI command, passing its progress events on as they arrive; collect failures and the summary."""
    outcome = RunOutcome()
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as stderr:
        process = subprocess.Popen(list(command), cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr, text=True,
                                   encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1"})
        for line in process.stdout:
            event = parse_event(line)
            if event.get("event") == "progress":
                on_progress(int(event.get("done") or 0), event.get("total"))
            elif event.get("event") == "failed":
                outcome.failed.append((str(event.get("input")), str(event.get("reason"))))
            elif event.get("event") == "summary":
                outcome.summary = event
        outcome.returncode = process.wait()
        stderr.seek(0)
        outcome.errors = stderr.read()[-4000:]
    return outcome


def parse_event(line: str) -> dict:
    """One JSON-lines event, or an empty dict for any other output."""
    try:
        event = json.loads(line)
    except ValueError:
        return {}
    return event if isinstance(event, dict) else {}


def safe_file_name(name: str) -> str:
    """An uploaded file's name reduced to a plain file name (no folders, no odd characters)."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-]+", "_", base).strip("._") or "upload"
    return cleaned[:120]


def upload_folder(store: Path) -> Path:
    """A new folder for one batch of uploads, kept in the store folder as the articles' source files."""
    folder = store / "uploads" / f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    folder.mkdir(parents=True)
    return folder


def check_urls(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    """URLs from pasted text (one per line), and (line, reason) for lines that are not http(s) URLs."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    good = [line for line in lines if re.match(r"(?i)^https?://[^\s/]+", line) and " " not in line]
    bad = [(line, "not an http(s) URL") for line in lines if line not in good]
    if len(good) > MAX_URLS:
        bad += [(url, f"more than {MAX_URLS} URLs at once; add the rest in another batch") for url in good[MAX_URLS:]]
        good = good[:MAX_URLS]
    return list(dict.fromkeys(good)), bad


def check_uploads(files: Sequence[tuple[str, int]]) -> tuple[list[int], list[tuple[str, str]]]:
    """Positions of the uploads to keep, and (name, reason) for those refused (type, size, count)."""
    keep, refused = [], []
    for position, (name, size) in enumerate(files):
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if suffix not in UPLOAD_SUFFIXES:
            refused.append((name, f"not a {', '.join(UPLOAD_SUFFIXES)} file (archives are not unpacked)"))
        elif size > MAX_FILE_MB * 1024 * 1024:
            refused.append((name, f"{size / 1024 / 1024:.1f} MB, above the {MAX_FILE_MB} MB limit"))
        elif len(keep) >= MAX_FILES:
            refused.append((name, f"more than {MAX_FILES} files at once; add it in another batch"))
        else:
            keep.append(position)
    return keep, refused


def reapply_available() -> bool:
    """True when the engine's CLI has the command that re-applies the alias table to stored mentions."""
    from storyline.cli import build_parser  # the parser only: importing it loads no spaCy
    commands = next(a for a in build_parser()._subparsers._group_actions if a.choices)
    return REAPPLY_COMMAND in commands.choices


def reapply_command(store: Path) -> list[str]:
    """The CLI call that re-applies the alias table to the stored mentions."""
    return [sys.executable, "-m", "storyline", "--store", str(store), REAPPLY_COMMAND, "--json"]
