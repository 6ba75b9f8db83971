"""Bad input of every kind gives a clear InputError naming the input, never a crash (issue 6)."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.errors import InputError, StorylineError
from storyline.ingest.feeds import read_feed_bytes
from storyline.ingest.files import decode_text
from storyline.ingest.html import parse_html
from storyline.ingest.sources import read_inputs
from storyline.ingest.text import parse_text
from storyline.records import Article, IngestOptions

OPTIONS = IngestOptions(fetch_feed_pages=False, max_bytes=1_000_000)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 4
BODY = "<p>" + "The envoy said the talks in Pyongyang went well and would continue next week. " * 3 + "</p>"
ARTICLE_PAGE = f"<html><head><title>Talks</title></head><body><article>{BODY}</article></body></html>"
FEED_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
SPARSE = object()  # marks a case whose file is made sparse, far above the size limit


def outcome(item: Article | InputError) -> str:
    """An item as "article: <title>" or "error: <reason>"."""
    return f"article: {item.title}" if isinstance(item, Article) else f"error: {item.reason}"


HOSTILE_FILES = [
    ("empty.txt", b"", ["error: empty file"]),
    ("blank.txt", b" \n\t \r\n", ["error: the file holds only whitespace"]),
    ("empty.html", b"", ["error: empty file"]),
    ("blank.html", b"\n   \n", ["error: empty file"]),
    ("photo.txt", PNG, ["error: binary data, not text"]),
    ("photo.html", PNG, ["error: binary data, not text"]),
    ("photo.rss", PNG, ["error: not an RSS or Atom feed (<unknown>:2:0: not well-formed (invalid token))"]),
    ("photo.jsonl", PNG, ["error: binary data, not text"]),
    ("huge.txt", SPARSE, ["error: file is 10,000,000,000 bytes, above the 1,000,000-byte limit"]),
    ("huge.html", SPARSE, ["error: file is 10,000,000,000 bytes, above the 1,000,000-byte limit"]),
    ("huge.rss", SPARSE, ["error: file is 10,000,000,000 bytes, above the 1,000,000-byte limit"]),
    ("huge.csv", SPARSE, ["error: file is 10,000,000,000 bytes, above the 1,000,000-byte limit"]),
    ("latin1.txt", "Titre\nLe café de Pyongyang était fermé.".encode("latin-1"), ["article: Titre"]),
    ("mixed.txt", "Title’s\n".encode() + "Café crème".encode("latin-1"), ["article: Title’s"]),
    ("utf16.txt", "Title\nBody in UTF-16.".encode("utf-16"), ["article: Title"]),
    ("utf32.txt", codecs.BOM_UTF32_LE + "T\nBody".encode("utf-32-le"), ["article: T"]),
    ("truncated-utf16.txt", codecs.BOM_UTF16_LE + "Title\nBody".encode("utf-16-le")[:-1],
     ["error: invalid utf-16 text (truncated data)"]),
    ("nobody.html", b"<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>",
     ["error: no article text found in the page (only 1 words)"]),
    ("scripts.html", b"<html><body><script>var a = '" + b"x" * 5000 + b"';</script></body></html>",
     ["error: no article text found in the page"]),
    ("deep.html", ("<div>" * 20_000 + "<p>deep</p>" + "</div>" * 20_000).encode(),
     ["error: no article text found in the page"]),
    ("malformed.html", f"<html><body><p>Unclosed <b>bold <i>{BODY}</div></span><td>&&&<<>>".encode(),
     ["article: Unclosed bold"]),
    ("links.html", ("<html><body>" + "".join(f"<a href='/p{i}'>link {i}</a> " for i in range(10_000))
                    + "</body></html>").encode(), ["error: the page is a list of links (90% of its text), not an article"]),
    ("notfeed.rss", ARTICLE_PAGE.encode(), ["error: not an RSS or Atom feed"]),
    ("nothing.xml", b'<?xml version="1.0"?><urlset><url>x</url></urlset>', ["error: not an RSS or Atom feed"]),
    ("noentries.rss", FEED_HEAD + b"</channel></rss>", ["error: the feed has no entries"]),
    ("bare.rss", FEED_HEAD + b"<item><description>Text only, no link, no date.</description></item>"
     b"<item><title></title></item></channel></rss>",
     ["article: Text only, no link, no date.", "error: the entry has no text (page fetching is off)"]),
    ("broken.jsonl", b'{"title": "Good", "text": "Body"}\n{"title": \n}{\n{"title": "Also good", "text": "B"}\n',
     ["article: Good", "error: not valid JSON (Expecting value at column 11)",
      "error: not valid JSON (Expecting value at column 1)", "article: Also good"]),
    ("columns.csv", b"headline,body\nA,B\n", ["error: no 'title' or 'text' column (columns: headline, body)"]),
    ("quotes.csv", b'title,text\n"Unclosed,"quote\n', ["error: missing required 'text'"]),
]


@pytest.mark.parametrize("name, content, expected", HOSTILE_FILES, ids=[case[0] for case in HOSTILE_FILES])
def test_hostile_files(tmp_path: Path, name: str, content: bytes, expected: list[str]) -> None:
    path = tmp_path / name
    if content is SPARSE:
        with open(path, "wb") as handle:
            handle.truncate(10_000_000_000)
    else:
        path.write_bytes(content)
    items = list(read_inputs([str(path)], OPTIONS))
    assert [outcome(item) for item in items] == expected
    assert all(str(path) in item.source for item in items if isinstance(item, InputError))


def test_non_english_html_is_read_and_marked(tmp_path: Path) -> None:
    body = "<p>" + "Le dirigeant nord-coréen a rencontré le président russe au cosmodrome de Vostochny. " * 3
    path = tmp_path / "fr.html"
    path.write_text(f"<html><body><article>{body}</p></article></body></html>", encoding="utf-8")
    [article] = read_inputs([str(path)], OPTIONS)
    assert article.language == "fr"


def assert_only_storyline_errors(call, *args) -> None:
    """Run a reader; it may return or raise a StorylineError, nothing else."""
    try:
        call(*args)
    except StorylineError:
        pass


ADVERSARIAL_PIECES = ["<div>", "</div>", "<p>", "</p>", "<a href='x'>", "</a>", "<script>", "</script>", "<!--",
                      "-->", "<![CDATA[", "]]>", "&amp;", "&#0;", "&#xD800;", "&#99999999;", "\x00", "<?xml ?>",
                      "<html>", "<body>", "<meta charset='utf-16'>", "<meta charset='x-unknown'>", "<title>",
                      "»", "\ufeff", "---\n", "title: x\n", "published: 2023-02-30\n", "Source : X\n", "\n\n",
                      "word ", "Home » ", "| KCNA / AFP", "<rss>", "<item>", "<feed>", "<entry>", "\r", "\u2028"]
adversarial = st.lists(st.sampled_from(ADVERSARIAL_PIECES), max_size=60).map("".join)
FUZZ = settings(max_examples=200, deadline=None)


@FUZZ
@given(st.one_of(st.text(), adversarial))
def test_text_reader_fuzz(raw: str) -> None:
    assert_only_storyline_errors(parse_text, raw, "fuzz.txt")


@FUZZ
@given(st.one_of(st.text(), st.binary(), adversarial, adversarial.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_html_reader_fuzz(raw: str | bytes) -> None:
    assert_only_storyline_errors(parse_html, raw, "fuzz.html", OPTIONS)


@FUZZ
@given(st.binary())
def test_decoder_fuzz(data: bytes) -> None:
    assert_only_storyline_errors(decode_text, data, "fuzz.bin")


@FUZZ
@given(st.one_of(st.binary(), adversarial.map(str.encode)))
def test_feed_reader_fuzz(data: bytes) -> None:
    assert_only_storyline_errors(lambda: list(read_feed_bytes(data, "fuzz.rss", OPTIONS)))
