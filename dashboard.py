"""Storyline dashboard: entrypoint and Overview page."""
import streamlit as st

from components.data import current_store, load_articles

st.set_page_config(page_title="Storyline", page_icon="🗞️", layout="wide")
st.title("Storyline")
store = current_store()
articles = load_articles(str(store.root), store.version())
if articles.empty:
    st.info("The store is empty. Run `python -m storyline seed` or add articles.")
else:
    st.metric("Articles", len(articles))
    st.dataframe(articles[["published", "outlet", "title"]], hide_index=True)
