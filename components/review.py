"""The Story review page's blocks: articles on either side of the story line with the tracker's reasons, and the
analyst's accept / reject decisions (kept by the engine, which re-scores the store without spaCy). Adding the
founding article is the one action here that parses: it runs the CLI's ingest in a subprocess."""
from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from components.data import get_store, load_article, load_filtered_story
from components.ingest_runner import ingest_command, run_cli
from components.page import PageContext, counted, escape_markdown
from components.tables import render_table
from components.widgets import render_reader_link
from storyline import schema
from storyline.analysis.filters import OFF_STORY
from storyline.errors import StorylineError
from storyline.story import review
from storyline.story.changes import shorten
from storyline.story.decisions import ACCEPT, CLEAR, REJECT, decisions_path, read_decisions
from storyline.story.membership import FOUNDING, MembershipOptions, read_evidence
from storyline.story.tracking import SEED_DIR

MESSAGE_KEY = "review_message"
REVIEW_PAGE = "pages/7_Story_review.py"
EXCERPT_CHARS = 600
CLOSEST_CALLS = 5
REVIEW_COLUMNS = ["relevance", "published", "outlet", "title", "judged_by", "days_from_story", "shared_entities",
                  "decided_at", schema.ARTICLE_ID]
REVIEW_CONFIG = {
    "relevance": st.column_config.ProgressColumn("relevance", min_value=0.0, max_value=1.0, format="%.2f",
                                                 width="small", help="The tracker's score; 0.5 and above is on "
                                                                     "the story unless you decided otherwise."),
    "published": st.column_config.DateColumn("published", width="small"),
    "outlet": st.column_config.TextColumn("outlet", width="medium"),
    "title": st.column_config.TextColumn("title", width=330),
    "shared_entities": st.column_config.ListColumn("shared with the story", width="medium"),
    "days_from_story": st.column_config.NumberColumn("days from story", width=120, format="%+d",
                                                     help="Publication days from the closest story article "
                                                          "(negative: before it)."),
    "judged_by": st.column_config.TextColumn("judged by", width="small"),
    "decided_at": st.column_config.DatetimeColumn("decided", format="D MMM YYYY, HH:mm", width="small"),
    schema.ARTICLE_ID: None,
}
ACTIONS = {ACCEPT: ("Accept into the story", "✅", "accepted into the story",
                   "It joins the story for good and shapes what the tracker looks for."),
           REJECT: ("Reject: keep it out", "⛔", "kept out of the story",
                    "It stays out for good, however the story grows, and never shapes it.")}
CLEAR_ACTION = ("Clear my decision", "↩️", "is back in the tracker's hands",
         "Forget your accept or reject: the tracker scores the article again like any other.")
FOUNDING_BUTTON = "Add the founding article (data/seed)"


def decisions_stamp(path: str) -> int:
    """When the decisions file last changed (0 when there is none): part of the cache key of the review view."""
    try:
        return decisions_path(get_store(path).root).stat().st_mtime_ns
    except OSError:
        return 0


@st.cache_resource(max_entries=2, show_spinner=False)
def load_review_view(path: str, version: int, stamp: int) -> pd.DataFrame:
    """Every stored article's membership, reasons and the analyst's decision, with the review's columns (shared and
    read-only, like the story tables: it is as long as the store)."""
    store = get_store(path)
    decided = {aid: d.decided_at for aid, d in read_decisions(store.root).by_article}
    return compute_review_columns(review.read_membership(store), decided)


def compute_review_columns(view: pd.DataFrame, decided: dict[str, str]) -> pd.DataFrame:
    """A membership view with who judged each article, how far it is in time from the story, and when the analyst
    decided (`decided`: article id -> ISO time)."""
    evidence = view["story_reasons"].map(read_evidence)
    judged_by = pd.Series("tracker", index=view.index).mask(view["role"].eq(FOUNDING), "founding") \
        .mask(view["decision"].notna(), "you")
    return view.assign(judged_by=judged_by,
                       days_from_story=evidence.map(lambda e: e.get("days_from_story")).astype("Int64"),
                       decided_at=pd.to_datetime(view[schema.ARTICLE_ID].map(decided), utc=True))


def review_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The columns the review lists (the decision time only when some article has one)."""
    table = rows[REVIEW_COLUMNS]
    return table if table["decided_at"].notna().any() else table.drop(columns="decided_at")


@st.cache_data(max_entries=4, show_spinner=False)
def load_holds_founding(path: str, version: int) -> bool:
    """Whether the store at this version holds the founding article."""
    return review.holds_founding(get_store(path))


def decide_on(context: PageContext, row: pd.Series, decision: str, table_key: str) -> None:
    """Keep the analyst's decision (accept, reject or clear), re-score the store, and rerun every view on the new
    store version."""
    article_id = row[schema.ARTICLE_ID]
    try:
        with st.spinner("Re-scoring every article against the story…"):
            report = (review.clear(context.store, article_id) if decision == CLEAR
                      else review.decide(context.store, article_id, decision))
    except StorylineError as exc:
        st.error(escape_markdown(str(exc)), icon="⚠️")
        return
    done = CLEAR_ACTION[2] if decision == CLEAR else ACTIONS[decision][2]
    st.session_state[MESSAGE_KEY] = (f"“{row['title']}” {done}. Re-scored {counted(report.scored, 'article')}: "
                                     f"{report.on_story:,} on the story; {counted(report.rewritten, 'article')} "
                                     "changed.")
    st.session_state.pop(table_key, None)  # the picked row would point at another article after the change
    st.rerun()


def add_founding_article(context: PageContext) -> None:
    """Ingest data/seed/ in a subprocess (it parses), then re-score the store against it (no parsing here)."""
    with st.spinner("Parsing the founding article and re-scoring every article against it…"):
        outcome = run_cli(ingest_command([str(SEED_DIR)], store=context.store.root), lambda done, total: None)
        if outcome.returncode != 0 or not review.holds_founding(context.store):  # e.g. a stored copy of it
            st.error(escape_markdown("The founding article was not added: "
                                     f"{outcome.failed or outcome.summary or outcome.errors}"), icon="⚠️")
            return
        report = review.rescore_store(context.store)
    st.session_state[MESSAGE_KEY] = (f"The founding article is in the store. Re-scored "
                                     f"{counted(report.scored, 'article')}: {report.on_story:,} on the story.")
    st.rerun()


def render_founding_notice(context: PageContext) -> None:
    """When the store lacks the founding article: say what decisions score against, and offer to add it."""
    if load_holds_founding(context.path, context.version):
        return
    with st.container(border=True):
        st.warning("This store does not hold the founding article of the story. Until it does, a decision "
                   "re-scores against the articles you accepted, or else those stored as very relevant "
                   f"({MembershipOptions().adapt_at:.1f} and above).", icon="🧭")
        if st.button(FOUNDING_BUTTON, key="review_add_founding", icon="📥",
                     help="Parses the founding article of data/seed (as `python -m storyline seed` does for an "
                          "empty store), stores it, and re-scores every article against it."):
            add_founding_article(context)


def render_decision_message() -> None:
    """What the last decision did (shown once, after the rerun it caused)."""
    message = st.session_state.pop(MESSAGE_KEY, None)
    if message:
        st.success(escape_markdown(message), icon="🧭")


def render_excerpt(context: PageContext, article_id: str) -> None:
    """The first lines of an article, escaped, so the analyst can judge without leaving the page."""
    article = load_article(context.path, context.version, article_id)
    if article and article.get("text"):
        st.html(f'<div class="sl-reader sl-excerpt"><p>{html.escape(shorten(article["text"], EXCERPT_CHARS))}'
                "</p></div>")


def shown_text(value: object, missing: str) -> str:
    """A cell as text, or `missing` when it is empty (None or NaN)."""
    return str(value) if isinstance(value, str) and value else missing


def is_on_story(row: pd.Series) -> bool:
    """Whether an article of the review view is on the story (decisions applied; never scored counts as on)."""
    return bool(row["on_story"]) if pd.notna(row["on_story"]) else True


def offered_decisions(row: pd.Series) -> list[str]:
    """The decisions worth offering, the one that moves the article across the story line first: an undecided
    article may also be confirmed where it is (accepted: it shapes the story; rejected: it never joins it); a decided
    one may have its decision cleared."""
    move = REJECT if is_on_story(row) else ACCEPT
    stay = ACCEPT if move == REJECT else REJECT
    if isinstance(row["decision"], str):
        return [move, CLEAR]
    return [move] if row["role"] == FOUNDING else [move, stay]


def describe_membership(row: pd.Series) -> str:
    """'Yonhap · 13 Sep 2023 · relevance 0.62 · on the story (you accepted it)'."""
    day = f"{row['published']:%d %b %Y}" if pd.notna(row["published"]) else "no date"
    relevance = f"relevance {row['relevance']:.2f}" if pd.notna(row["relevance"]) else "not scored yet"
    side = "on the story" if is_on_story(row) else "kept out"
    who = {ACCEPT: " (you accepted it)", REJECT: " (you rejected it)"}.get(row["decision"], "")
    return f"{shown_text(row['outlet'], 'unknown outlet')} · {day} · {relevance} · {side}{who}"


def render_review_card(context: PageContext, row: pd.Series, table_key: str) -> None:
    """One article's case: why the tracker put it where it is and the decision buttons, beside its first lines."""
    case, excerpt = st.columns([1, 1], gap="large")
    with case:
        st.markdown(f"**{escape_markdown(shown_text(row['title'], '(untitled)'))}**")
        st.caption(escape_markdown(describe_membership(row)))
        reasons = [part for part in shown_text(row["reasons"], "").split("; ") if part]
        if reasons:
            st.html('<ul class="sl-list">' + "".join(f"<li>{html.escape(part)}</li>" for part in reasons) + "</ul>")
        else:
            st.caption("Not scored yet: it counts as on the story until the tracker or you judge it.")
        with st.container(horizontal=True, vertical_alignment="center"):
            for number, decision in enumerate(offered_decisions(row)):
                label, icon, _, explained = ACTIONS[decision] if decision in ACTIONS else CLEAR_ACTION
                if st.button(label, key=f"{table_key}_{decision}", icon=icon, help=explained,
                             type="primary" if number == 0 else "secondary"):
                    decide_on(context, row, decision, table_key)
    with excerpt:
        render_excerpt(context, row[schema.ARTICLE_ID])
        render_reader_link(context, row[schema.ARTICLE_ID], "Read the whole article")


def render_review_list(context: PageContext, rows: pd.DataFrame, *, key: str, empty: str) -> None:
    """A table of articles to review and, below it, the picked one's case."""
    if rows.empty:
        st.info(empty)
        return
    rows = rows.reset_index(drop=True)
    picked = render_table(review_table(rows), key.removeprefix("review_"), key=key, select=True,
                          height=458, column_config=REVIEW_CONFIG)
    with st.container(border=True):
        if picked is None:
            st.caption("Pick an article to see why it is where it is, and to accept or reject it.")
        else:
            render_review_card(context, rows.iloc[picked], key)


def render_kept_out_card(context: PageContext) -> None:
    """The Overview's pointer to the review: how many articles under the filter are kept out, the closest calls."""
    with st.container(border=True):
        st.subheader("Kept out of the story")
        kept_out = load_filtered_story(context.path, context.version, context.state.with_story(OFF_STORY))[0]
        view = review.list_rejected(kept_out.articles)  # stored membership: decisions are in it once re-scored
        if view.empty:
            st.caption("No article under this filter is kept out of the story.")
            return
        st.caption(f"{counted(len(view), 'article')} under this filter the tracker or you kept out; the closest "
                   "calls, with their relevance (0.5 and above is on the story):")
        lines = "".join(f"<li>{row.relevance:.2f} · {html.escape(shown_text(row.outlet, 'unknown outlet'))} — "
                        f"{html.escape(shown_text(row.title, '(untitled)'))}</li>"
                        for row in view.head(CLOSEST_CALLS).itertuples(index=False))
        st.html(f'<ul class="sl-list">{lines}</ul>')
        st.page_link(REVIEW_PAGE, label="Review them, with the reasons", icon="🧭",
                     query_params=context.state.to_query_params())
