"""Quote lineage on the Quotes page: one quote as every outlet on the story carried it, earliest first, with its
wordings side by side. The grouping is the engine's (storyline.story.lineage): the dashboard has one notion of
"the same quote"."""
from __future__ import annotations

import difflib
import html
import re

import pandas as pd
import streamlit as st

from components.data import load_story
from components.page import PageContext, counted, escape_markdown
from components.tables import LINK_COLUMN, render_table
from storyline import schema
from storyline.analysis.codes import rows_in
from storyline.story.changes import shorten
from storyline.story.lineage import MIN_CONTAINMENT, MIN_TOKENS, QuoteLineage, quote_variants, side_lineage

GROUPING_NOTE = (f"Two quotes are the same words when, with case, punctuation and accents set aside, at least "
                 f"{MIN_CONTAINMENT:.0%} of the shorter one's distinct words are in the longer one (a word changed, "
                 f"or the quote trimmed); quotes of fewer than {MIN_TOKENS} distinct words only when the words and "
                 "the speaker are the same. The lineage looks past the outlet, date, entity and search filters and "
                 "counts every wire copy: it lists every article on this side of the story line that carried the "
                 "words.")
VARIANTS_PER_ROW = 3
MAX_VARIANTS = 9
GROUP_COLUMNS = ["words", "speaker", "outlets", "articles", "variants", "first_published", "first_outlet",
                 "carried_by", "group"]
GROUP_CONFIG = {"words": st.column_config.TextColumn("quote", width=460),
                "speaker": st.column_config.TextColumn("speaker", width=160),
                "outlets": st.column_config.NumberColumn("outlets", width="small"),
                "articles": st.column_config.NumberColumn("articles", width="small"),
                "variants": st.column_config.NumberColumn("wordings", width="small"),
                "first_published": st.column_config.DateColumn("first seen", width="small"),
                "first_outlet": st.column_config.TextColumn("first outlet", width="medium"),
                "carried_by": st.column_config.ListColumn("carried by", width="large"),
                "group": None}
APPEARANCE_COLUMNS = ["published", "outlet", "url", "speaker", "conduit", "variant", "text", "title"]
APPEARANCE_CONFIG = {"published": st.column_config.DateColumn("published", width="small"),
                     "outlet": st.column_config.TextColumn("outlet", width=170),
                     "url": LINK_COLUMN,
                     "speaker": st.column_config.TextColumn("speaker", width=140),
                     "conduit": st.column_config.TextColumn("via", width=110),
                     "variant": st.column_config.NumberColumn("wording", width="small"),
                     "text": st.column_config.TextColumn("quote as carried", width=420),
                     "title": st.column_config.TextColumn("title", width="large")}
WORD = re.compile(r"\S+")
COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@st.cache_resource(max_entries=2, show_spinner="Tracing quotes across outlets…")
def load_quote_lineage(path: str, version: int, story: str) -> QuoteLineage:
    """Quote groups and appearances over every article on one side of the story line (every wire copy counted),
    grouped once per version: the Quotes page and the Overview's change digest (on the story) share it. Only the
    articles and their quotes are narrowed, not the million mentions a filtered story would copy."""
    return side_lineage(load_story(path, version), story)


def groups_in_view(lineage: QuoteLineage, quotes: pd.DataFrame) -> pd.DataFrame:
    """The groups of the quotes a view shows (article_id, quote_index), most widely carried first."""
    shown = lineage.appearances["group"][rows_in(lineage.appearances, quotes, "quote_index")].unique()
    groups = lineage.groups[lineage.groups["group"].isin(shown)]
    table = groups.assign(speaker=groups["speakers"].map(lambda names: names[0] if len(names) else None),
                          carried_by=groups["outlets"], outlets=groups["outlets"].map(len))
    return table.sort_values(["outlets", "articles", "first_published"], ascending=[False, False, True],
                             ignore_index=True)[GROUP_COLUMNS]


def group_of(lineage: QuoteLineage, article_id: str, quote_index: int) -> int | None:
    """The group of one quote, or None when the lineage does not hold it."""
    rows = lineage.appearances
    found = rows.loc[(rows[schema.ARTICLE_ID] == article_id) & (rows["quote_index"] == quote_index), "group"]
    return int(found.iloc[0]) if len(found) else None


def fold_word(word: str) -> str:
    """A word compared without case or punctuation."""
    return re.sub(r"[^\w]", "", word.casefold())


def mark_changed_words(main: str, text: str) -> str:
    """`text` escaped, with the words the main wording does not have (in that order) marked."""
    words = WORD.findall(text)
    matcher = difflib.SequenceMatcher(a=[fold_word(w) for w in WORD.findall(main)], b=[fold_word(w) for w in words],
                                      autojunk=False)
    kept = {i for block in matcher.get_matching_blocks() for i in range(block.b, block.b + block.size)}
    marked = (html.escape(w) if i in kept or not fold_word(w) else f'<mark class="sl-changed">{html.escape(w)}</mark>'
              for i, w in enumerate(words))
    return " ".join(marked)


def outlet_dots(outlets: list[str], colours: dict[str, str]) -> str:
    """Outlet names, escaped, each after a dot in its chart colour."""
    def dot(outlet: str) -> str:
        colour = colours.get(outlet, "")
        fill = f' style="background:{colour}"' if COLOUR.match(colour) else ""
        return f'<span class="sl-dot"{fill}></span>{html.escape(outlet)}'
    return " &nbsp; ".join(dot(outlet) for outlet in outlets)


def describe_group(group: pd.Series) -> str:
    """'Kim Jong Un (also attributed to Kim), via KCNA. Carried by 3 outlets in 3 articles; first on …'."""
    speakers = list(group["speakers"])
    who = speakers[0] if speakers else "Speaker unknown"
    if len(speakers) > 1:
        who += f" (also attributed to {', '.join(speakers[1:])})"
    conduits = list(group["conduits"])
    via = f", via {', '.join(conduits)}" if conduits else ", no conduit named"
    first = f"{group['first_published']:%d %b %Y}" if pd.notna(group["first_published"]) else "an undated article"
    outlet = group["first_outlet"] or "unknown outlet"
    return (f"{who}{via}. Carried by {counted(len(group['outlets']), 'outlet')} in "
            f"{counted(int(group['articles']), 'article')}; first on {first} by {outlet}.")


def render_variants(context: PageContext, lineage: QuoteLineage, group: int, main: str) -> None:
    """The wordings side by side, earliest first, words differing from the main wording marked."""
    variants = quote_variants(lineage, group).sort_values("variant", ignore_index=True)
    st.caption(f"{counted(len(variants), 'wording')}, earliest first; marked: words that are not in the quote as "
               "shown above (the wording most articles carried).")
    shown = variants.head(MAX_VARIANTS)
    for start in range(0, len(shown), VARIANTS_PER_ROW):
        for column, variant in zip(st.columns(VARIANTS_PER_ROW), shown.iloc[start:start + VARIANTS_PER_ROW]
                                   .itertuples(index=False)):
            day = f"{variant.first_published:%d %b %Y}" if pd.notna(variant.first_published) else "no date"
            outlets = list(variant.outlets) if isinstance(variant.outlets, list) else []
            with column, st.container(border=True):
                st.html(f'<div class="sl-meta">Wording {variant.variant} · first {day} · '
                        f'{counted(int(variant.carried_by), "article")}</div>'
                        f'<p class="sl-variant">“{mark_changed_words(main, str(variant.text))}”</p>'
                        f'<div class="sl-meta">{outlet_dots(outlets, context.colours)}</div>')
    if len(variants) > MAX_VARIANTS:
        st.caption(f"The first {MAX_VARIANTS} wordings are shown; the table above lists every appearance.")


def render_lineage(context: PageContext, lineage: QuoteLineage, group: int, *, key: str) -> pd.Series | None:
    """One quote's lineage: who said it and through whom, every outlet that carried it (earliest first) and the
    wordings side by side; returns the appearance the analyst picked, if any."""
    row = lineage.groups[lineage.groups["group"] == group].iloc[0]
    appearances = lineage.appearances[lineage.appearances["group"] == group].reset_index(drop=True)
    if len(appearances) == 1:
        st.caption("No other article on this side of the story line carries these words.")
        return None
    st.html(f'<p class="sl-variant">“{html.escape(shorten(str(row["words"]), 400))}”</p>')
    st.caption(escape_markdown(describe_group(row)))
    picked = render_table(appearances[APPEARANCE_COLUMNS], "quote-lineage", key=key, select=True,
                          height=320, column_config=APPEARANCE_CONFIG)
    render_variants(context, lineage, group, str(row["words"]))
    return None if picked is None else appearances.iloc[picked]
