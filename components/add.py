"""The Add articles page's blocks: run an ingest with progress and per-input results; edit the alias table."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from components.ingest_runner import (RunOutcome, check_uploads, ingest_command, reapply_available, reapply_command,
                                      run_cli, safe_file_name, upload_folder)
from components.page import escape_markdown
from components.tables import render_table
from storyline.errors import InputError
from storyline.nlp.aliases import LABELS, alias_path, load_alias_table, save_alias_table, with_merge, with_split

RESULT_KEY = "add_last_result"


def save_uploads(store: Path, uploads: Sequence) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Write the accepted uploads into a new folder of the store; saved path -> original name, and refusals."""
    keep, refused = check_uploads([(u.name, u.size) for u in uploads])
    if not keep:
        return {}, refused
    folder = upload_folder(store)
    saved: dict[str, str] = {}
    for position in keep:
        upload = uploads[position]
        path = folder / safe_file_name(upload.name)
        while path.exists():
            path = path.with_name(f"{path.stem}_{len(saved)}{path.suffix}")
        path.write_bytes(upload.getvalue())
        saved[str(path)] = upload.name
    return saved, refused


def run_with_progress(command: list[str], label: str) -> RunOutcome:
    """Run a CLI command with a progress bar fed by its progress events."""
    bar = st.progress(0.0, text=label)

    def on_progress(done: int, total: int | None) -> None:
        share = min(done / total, 1.0) if total else 0.0
        bar.progress(share, text=f"{label} {done:,}" + (f" of {total:,}" if total else "") + " inputs read")

    outcome = run_cli(command, on_progress)
    bar.progress(1.0, text="Done." if outcome.returncode in (0, 1) else "The run stopped with an error.")
    return outcome


def ingest_inputs(store: Path, inputs: dict[str, str], refused: list[tuple[str, str]], *, outlet: str,
                  published: date | None, feed: bool) -> None:
    """Ingest inputs (path or URL -> name shown) and keep the per-input results for display."""
    outcome = RunOutcome()
    if inputs:
        command = ingest_command(list(inputs), store=store, outlet=outlet, published=published, feed=feed)
        outcome = run_with_progress(command, "Reading and parsing…")
    failed = {source: reason for source, reason in outcome.failed}
    rows = [{"input": name, "result": "failed", "reason": failed.get(source, "")} if source in failed
            else {"input": name, "result": "read", "reason": ""} for source, name in inputs.items()]
    rows += [{"input": name, "result": "refused", "reason": reason} for name, reason in refused]
    rows += [{"input": source, "result": "failed", "reason": reason} for source, reason in outcome.failed
             if source not in inputs]  # a feed's items fail under their own URLs
    st.session_state[RESULT_KEY] = (outcome, pd.DataFrame(rows, columns=["input", "result", "reason"]))


def render_results() -> None:
    """The last run's counts, per-input results and any error output."""
    if RESULT_KEY not in st.session_state:
        return
    outcome, rows = st.session_state[RESULT_KEY]
    summary = outcome.summary
    with st.container(border=True):
        st.subheader("Last run")
        with st.container(horizontal=True):
            for label in ("added", "updated", "duplicates", "failed"):
                st.metric(label.capitalize(), f"{summary.get(label, 0):,}", border=True)
            st.metric("Refused", f"{int((rows['result'] == 'refused').sum()):,}", border=True,
                      help="Inputs turned away before reading: wrong file type, too large, too many, not a URL.")
        if outcome.returncode not in (0, 1) or (outcome.errors and not summary):
            st.error("The ingest stopped with an error:")
            st.code(outcome.errors or f"exit code {outcome.returncode}", language=None)
        render_table(rows, "ingest-results", key="add_results")
        if summary.get("added") or summary.get("updated"):
            st.success("The new articles are in the store; every page shows them now.")


def render_alias_editor(names: Sequence[str]) -> None:
    """Merge or split entity names in the story's alias table, then re-apply it to the stored articles."""
    path = alias_path()
    table = load_alias_table(path)
    st.caption(f"The alias table ({escape_markdown(path.name)}, {len(table.rows):,} rows) decides canonical names "
               "at parse time.")
    merge, split = st.columns(2)
    with merge, st.form("alias_merge", border=True):
        st.markdown("**Merge** names into one entity")
        merged = st.multiselect("Names as they appear", names, accept_new_options=True, key="alias_merge_names")
        target = st.text_input("into the canonical name", key="alias_merge_target")
        label = st.selectbox("type", ["", *LABELS], key="alias_merge_label")
        if st.form_submit_button("Merge"):
            update_aliases(path, lambda t: merge_all(t, merged, target, label), f"merged into {target}")
    with split, st.form("alias_split", border=True):
        st.markdown("**Split** a name from an entity")
        alias = st.text_input("Name as it appears", key="alias_split_alias")
        canonical = st.text_input("keep apart from (blank: from every entity)", key="alias_split_canonical")
        if st.form_submit_button("Split"):
            update_aliases(path, lambda t: with_split(t, alias, canonical), f"{alias} split")
    rows = pd.DataFrame([vars(r) for r in table.rows], columns=["alias", "canonical", "label", "kind", "note"])
    render_table(rows, "aliases", key="alias_rows", height=240)


def merge_all(table, names: Sequence[str], target: str, label: str):
    """The table with every name merged into `target`."""
    if not names or not target.strip():
        raise InputError("merge", "pick at least one name and give the canonical name to merge into")
    for name in names:
        table = with_merge(table, name, target.strip(), label)
    return table


def update_aliases(path: Path, change, done: str) -> None:
    """Apply one change to the alias file, reporting a bad request instead of failing."""
    try:
        save_alias_table(change(load_alias_table(path)), path)
    except InputError as exc:
        st.error(f"Not saved: {escape_markdown(str(exc))}")
        return
    st.success(f"Saved ({escape_markdown(done)}). Re-apply the table so stored articles use it.")


def render_reapply(store: Path) -> None:
    """The button that re-applies the alias table to what is stored (in a subprocess)."""
    if not reapply_available():
        st.info("Re-applying the table to stored articles needs the engine command "
                "`python -m storyline reapply-aliases` (not in this version yet); new ingests use the table now.")
        return
    if st.button("Re-apply the alias table to stored articles", key="alias_reapply"):
        outcome = run_with_progress(reapply_command(store), "Re-applying…")
        if outcome.returncode == 0:
            st.success("Done: every page now uses the updated names.")
        else:
            st.error("Re-applying failed:")
            st.code(outcome.errors[-2000:] or f"exit code {outcome.returncode}", language=None)
