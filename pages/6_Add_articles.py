"""Add articles: upload files or paste URLs and feeds (ingested by a subprocess), and edit the alias table."""
import streamlit as st

from components.add import ingest_inputs, render_alias_editor, render_reapply, render_results, save_uploads
from components.data import load_entity_counts
from components.ingest_runner import MAX_FILE_MB, MAX_FILES, UPLOAD_SUFFIXES, check_urls
from components.page import start_page

context = start_page("Add articles", "➕", needs_articles=False,
                     note="New articles are parsed in a separate process and appear on every page when committed")
store_root = context.store.root

with st.form("add_inputs", border=True):
    uploads = st.file_uploader(f"Files ({', '.join(UPLOAD_SUFFIXES)}; up to {MAX_FILES} files of {MAX_FILE_MB} MB)",
                               type=list(UPLOAD_SUFFIXES), accept_multiple_files=True, max_upload_size=MAX_FILE_MB,
                               key="add_files")
    urls = st.text_area("Article or feed URLs, one per line", key="add_urls", height=110,
                        placeholder="https://example.com/news/2023/09/13/putin-kim-summit")
    with st.container(horizontal=True):
        outlet = st.text_input("Outlet (optional, for every input)", key="add_outlet")
        published = st.date_input("Published (optional, for every input)", value=None, key="add_published")
        feed = st.checkbox("Read the URLs as RSS/Atom feeds", key="add_feed")
    submitted = st.form_submit_button("Add to the store", type="primary")

if submitted:
    good_urls, bad_urls = check_urls(urls or "")
    saved, refused = save_uploads(store_root, uploads or [])
    inputs = {**saved, **{url: url for url in good_urls}}
    if not inputs and not refused and not bad_urls:
        st.warning("Nothing to add: choose files or paste URLs first.")
    else:
        ingest_inputs(store_root, inputs, refused + bad_urls, outlet=outlet, published=published, feed=feed)
render_results()

st.divider()
st.subheader("Entity names")
render_alias_editor(load_entity_counts(context.path, context.version)["entity"].head(2000).tolist())
render_reapply(store_root)
