"""Story review: which articles the tracker kept out of the story and why; accept or reject any article."""
import streamlit as st

from components.page import counted, start_page
from components.review import (decisions_stamp, load_review_view, render_decision_message, render_founding_notice,
                               render_review_list)
from storyline import schema
from storyline.analysis.codes import is_among
from storyline.analysis.filters import ALL_ARTICLES
from storyline.story.review import list_on_story, list_rejected

context = start_page("Story review", "🧭", story_scope=ALL_ARTICLES,
                     note="Both sides of the story line are listed here, whatever the sidebar's Articles choice; a "
                          "decision takes effect on every page at once")
render_decision_message()
render_founding_notice(context)

view = load_review_view(context.path, context.version, decisions_stamp(context.path))
view = view[is_among(view[schema.ARTICLE_ID], context.story.articles[schema.ARTICLE_ID].astype(str))]
kept_out = list_rejected(view)
on_story = list_on_story(view).sort_values("relevance", kind="stable", na_position="first")  # weakest first
decided = view[view["decision"].notna()].sort_values("decided_at", ascending=False)
st.caption(f"{counted(len(on_story), 'article')} on the story, {len(kept_out):,} kept out; you decided on "
           f"{counted(len(decided), 'article')}. The tracker scores each article by the wording and entities it "
           "shares with the story and by its distance in time; 0.5 and above is on the story.")

# Only the open tab runs; the URL names it.
out_tab, on_tab, decided_tab = st.tabs(["Kept out", "On the story", "Your decisions"], key="review",
                                       bind="query-params")
if out_tab.open:
    with out_tab:
        render_review_list(context, kept_out, key="review_out",
                           empty="No article is kept out of the story under this filter.")
if on_tab.open:
    with on_tab:
        render_review_list(context, on_story, key="review_on", empty="No article is on the story under this filter.")
if decided_tab.open:
    with decided_tab:
        render_review_list(context, decided, key="review_decided",
                           empty="You have not accepted or rejected any article yet.")
