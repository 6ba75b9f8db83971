"""Articles: the filtered list and a reader showing each article with its entities, quotes and provenance."""
import streamlit as st

from components.data import load_article_list
from components.page import start_page
from components.reader import render_reader
from components.state import keep_in_url
from components.tables import render_table
from storyline import schema

context = start_page("Articles", "📄", note="Pick an article to read it; its link can be shared")
listing = load_article_list(context.path, context.version, context.state)

list_column, reader_column = st.columns([2, 3], gap="medium")
with list_column:
    picked = render_table(listing, "articles", key="articles_list", select=True, height=640,
                          column_config={"published": st.column_config.DateColumn("published", width="small"),
                                         "title": st.column_config.TextColumn("title", width=300),
                                         "outlet": st.column_config.TextColumn("outlet", width=130),
                                         "wire_size": st.column_config.NumberColumn("copies"),
                                         schema.ARTICLE_ID: st.column_config.TextColumn("id")})
if picked is not None:
    keep_in_url("article", listing.iloc[picked][schema.ARTICLE_ID])
article_id = st.query_params.get("article")

with reader_column, st.container(border=True):
    if not article_id:
        st.caption("Pick an article in the list to read it here.")
    else:
        if article_id not in set(listing[schema.ARTICLE_ID]):
            st.caption("This article is outside the current filter.")
        render_reader(context, article_id)
