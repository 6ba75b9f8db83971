"""The URL and feed readers against a real HTTP server on 127.0.0.1 (started here, on an ephemeral port).

No traffic may leave the machine: every test runs with socket.create_connection wrapped so that a connection
to any address but 127.0.0.1 fails the test, and the refusals are checked to happen before any connection.
"""
from __future__ import annotations

import gzip
import re
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from storyline.errors import FetchError, InputError
from storyline.ingest import feeds, web
from storyline.ingest.html import parse_html
from storyline.ingest.sources import read_inputs
from storyline.records import Article, IngestOptions

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ARTICLE = (FIXTURES / "article.html").read_bytes()
LOCAL = IngestOptions(allow_private=True, timeout=1.0, max_bytes=200_000)
SLOW_SECONDS = 3.0  # well past LOCAL.timeout
CORPUS_SAMPLE = 3


def feed_for(base: str) -> bytes:
    """An RSS feed whose entries link to pages of the test server (one good, three that fail differently)."""
    items = [("Kim and Putin meet", f"{base}/article.html", "Wed, 13 Sep 2023 10:00:00 +0900"),
             ("Missing page", f"{base}/missing", "Thu, 14 Sep 2023 10:00:00 +0900"),
             ("Data, not a page", f"{base}/data.json", ""),
             ("No link at all", "", "")]
    entries = "".join(
        f"<item><title>{title}</title>" + (f"<link>{link}</link>" if link else "")
        + (f"<pubDate>{day}</pubDate>" if day else "") + f"<description>Summary of {title}.</description></item>"
        for title, link, day in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{entries}</channel></rss>'.encode()


class Handler(BaseHTTPRequestHandler):
    """Routes of the test server; `hits` records every path requested."""

    hits: list[str] = []
    corpus: dict[str, bytes] = {}

    def log_message(self, *args) -> None:
        """Quiet."""

    def send(self, status: int, content_type: str, body: bytes, **headers: str) -> None:
        """One complete response."""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        """A 302 to `location`."""
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        """Serve one route."""
        Handler.hits.append(self.path)
        base = f"http://127.0.0.1:{self.server.server_port}"
        path = self.path
        if path == "/article.html":
            self.send(200, "text/html; charset=utf-8", ARTICLE)
        elif path == "/latin1.html":
            page = ARTICLE.decode().replace('<meta charset="utf-8">', "").replace("four years", "four years (café)")
            self.send(200, "text/html; charset=iso-8859-1", page.encode("cp1252"))  # as such pages are
        elif path == "/feed.xml":
            self.send(200, "application/rss+xml", feed_for(base))
        elif path == "/feed-as-html":
            self.send(200, "text/html", feed_for(base))
        elif path.startswith("/corpus/"):
            self.send(200, "text/html", Handler.corpus[path.removeprefix("/corpus/")])
        elif path == "/error":
            self.send(500, "text/html", b"<h1>Internal error</h1>")
        elif path == "/data.json":
            self.send(200, "application/json", b'{"title": "not a page"}')
        elif path == "/image.png":
            self.send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100))
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.send(200, "text/html", ARTICLE)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(int(SLOW_SECONDS * 4 / 0.2)):  # each byte within the read time-out, the whole far past
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        elif path == "/big":
            self.send(200, "text/html", b"<p>" + b"a" * 1_000_000)
        elif path == "/big-unsized":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # HTTP/1.0 without a length: the body ends when the connection closes
            for _ in range(100):
                self.wfile.write(b"a" * 10_000)
        elif path == "/gzip-bomb":
            self.send(200, "text/html", gzip.compress(b"<p>" + b"a" * 20_000_000), Content_Encoding="gzip")
        elif path == "/redirect":
            self.redirect("/article.html")
        elif path == "/redirect-loop":
            self.redirect("/redirect-loop")
        elif path == "/redirect-metadata":
            self.redirect("http://169.254.169.254/latest/meta-data/")
        elif path == "/redirect-private":
            self.redirect("http://10.0.0.1/admin")
        elif path == "/redirect-internal-name":
            self.redirect(f"http://intranet.test:{self.server.server_port}/article.html")
        elif path == "/redirect-file":
            self.redirect("file:///etc/passwd")
        else:
            self.send(404, "text/html", b"<h1>Not found</h1>")


class QuietServer(ThreadingHTTPServer):
    """A threaded server that does not print tracebacks when a client hangs up on a slow response."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """Clients of the time-out tests leave early; that is expected."""


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    """http://127.0.0.1:<port> of a server running for this module."""
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Addresses connected to during the test; connecting anywhere but 127.0.0.1 fails it."""
    made: list[str] = []
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        made.append(address[0])
        if address[0] != "127.0.0.1":
            pytest.fail(f"a connection to {address[0]} was attempted")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    Handler.hits.clear()
    return made


@pytest.fixture()
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat 127.0.0.1 (the test server) as public, so that the default policy applies to every other hop."""
    real = web.refusal_reason
    monkeypatch.setattr(web, "refusal_reason", lambda address: None if str(address) == "127.0.0.1" else real(address))


def read(url: str, options: IngestOptions = LOCAL) -> list[Article | InputError]:
    """Everything the readers make of one URL."""
    return list(read_inputs([url], options))


def test_page_by_url(base_url: str) -> None:
    [article] = read(f"{base_url}/article.html")
    assert article.title == "Kim and Putin meet at Russian spaceport"
    assert (article.url, article.source) == (f"{base_url}/article.html", f"{base_url}/article.html")
    assert (article.outlet, article.author, article.language) == ("The Harbour Ledger", "Mara Ellison", "en")
    assert len(article.paragraphs) == 6


def test_redirect_followed_and_final_url_kept(base_url: str) -> None:
    [article] = read(f"{base_url}/redirect")
    assert (article.url, article.source) == (f"{base_url}/article.html", f"{base_url}/redirect")
    assert Handler.hits == ["/redirect", "/article.html"]


def test_charset_from_the_http_header(base_url: str) -> None:
    [article] = read(f"{base_url}/latin1.html")
    assert "four years (café)" in article.paragraphs[0]
    assert article.paragraphs[2].startswith("“We will always be with Russia,”")


def test_feed_by_url_fetches_entry_pages_or_keeps_summaries(base_url: str) -> None:
    page, missing, data, unlinked = read(f"{base_url}/feed.xml")
    assert (page.title, page.note, page.outlet, page.published_source) == (
        "Kim and Putin meet", None, "Local Wire", "feed")
    assert page.paragraphs[0].startswith("North Korean leader Kim Jong Un met Russian President")
    assert (missing.paragraphs, missing.note) == (("Summary of Missing page.",), "summary only: HTTP 404 Not Found")
    assert data.note == "summary only: not an HTML page (content type application/json)"
    assert unlinked.note == "summary only: the entry has no web link"
    assert Handler.hits[0] == "/feed.xml"
    assert sorted(Handler.hits[1:]) == ["/article.html", "/data.json", "/missing"]  # fetched side by side


def test_feed_entry_pages_are_fetched_side_by_side_and_kept_in_order(base_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Each page answers only once `FETCH_THREADS` requests are waiting together: one at a time would time out.
    together = threading.Barrier(feeds.FETCH_THREADS, timeout=SLOW_SECONDS)
    monkeypatch.setattr(Handler, "do_GET", lambda handler: pages_answering_together(handler, together))
    items = read(f"{base_url}/waiting-feed.xml", IngestOptions(allow_private=True, timeout=SLOW_SECONDS * 2))
    assert [(a.title, a.url, a.note) for a in items] == [
        (f"Entry {n}", f"{base_url}/page/{n}", None) for n in range(feeds.FETCH_THREADS * 2)]


def test_a_feed_read_only_in_part_leaves_no_fetching_threads_behind(base_url: str) -> None:
    # A reader stopped after its first article (an error, a consumer that had enough) must not keep a pool of
    # fetching threads alive inside the suspended generator: the garbage collector would shut it down later.
    before = threading.active_count()
    articles = read_inputs([f"{base_url}/feed.xml"], LOCAL)
    first = next(articles)
    deadline = time.monotonic() + 2  # the local server's request threads end a moment after they answer
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.title == "Kim and Putin meet" and threading.active_count() == before
    del articles


def pages_answering_together(handler: Handler, together: threading.Barrier) -> None:
    """A feed of pages that each wait until `together` is full before answering."""
    base = f"http://127.0.0.1:{handler.server.server_port}"
    if handler.path == "/waiting-feed.xml":
        entries = "".join(f"<item><title>Entry {n}</title><link>{base}/page/{n}</link></item>"
                          for n in range(feeds.FETCH_THREADS * 2))
        handler.send(200, "application/rss+xml", f'<rss version="2.0"><channel>{entries}</channel></rss>'.encode())
        return
    together.wait()
    handler.send(200, "text/html", ARTICLE)


def test_feed_served_as_html_is_read_as_a_feed(base_url: str) -> None:
    items = read(f"{base_url}/feed-as-html", IngestOptions(allow_private=True, fetch_feed_pages=False))
    assert [a.title for a in items] == ["Kim and Putin meet", "Missing page", "Data, not a page", "No link at all"]
    assert Handler.hits == ["/feed-as-html"]


def test_a_page_read_as_a_feed_on_request_is_refused(base_url: str) -> None:
    [error] = read(f"{base_url}/article.html", IngestOptions(allow_private=True, force_feed=True))
    assert "not an RSS or Atom feed" in error.reason


@pytest.mark.parametrize("path, reason", [
    ("/missing", "HTTP 404 Not Found"),
    ("/error", "HTTP 500 Internal Server Error"),
    ("/data.json", "content type application/json is neither HTML nor a feed"),
    ("/image.png", "content type image/png is neither HTML nor a feed"),
    ("/slow", "timed out after 1 s (ReadTimeout)"),
    ("/drip", "download took longer than 4 s"),
    ("/big", "response is 1,000,003 bytes, above the 200,000-byte limit"),
    ("/big-unsized", "response is larger than the 200,000-byte limit"),
    ("/gzip-bomb", "response is larger than the 200,000-byte limit"),
    ("/redirect-loop", "more than 10 redirects"),
    ("/redirect-file", "redirect to file:///etc/passwd: only http and https URLs are fetched, not file"),
])
def test_fetch_failures_are_clear(base_url: str, path: str, reason: str) -> None:
    [error] = read(base_url + path)
    assert isinstance(error, FetchError)
    assert (error.source, error.reason) == (base_url + path, reason)


@pytest.mark.parametrize("url, reason", [
    ("http://127.0.0.1:{port}/article.html", r"refused: 127\.0\.0\.1 is a loopback address"),
    ("http://localhost:{port}/article.html", r"refused: localhost \((127\.0\.0\.1|::1)\) is a loopback address"),
    ("http://10.0.0.1/", r"refused: 10\.0\.0\.1 is a private address"),
    ("http://192.168.0.1:8080/router", r"refused: 192\.168\.0\.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", r"refused: 169\.254\.169\.254 is a cloud metadata address"),
    ("http://[::1]:{port}/", r"refused: ::1 is a loopback address"),
    ("http://0.0.0.0:{port}/", r"refused: 0\.0\.0\.0 is an unspecified address"),
    ("file:///etc/passwd", r"only http and https URLs are fetched, not file"),
    ("ftp://127.0.0.1/pub", r"only http and https URLs are fetched, not ftp"),
])
def test_refused_by_default_before_any_connection(base_url: str, connections: list[str], url: str,
                                                  reason: str) -> None:
    url = url.format(port=base_url.rsplit(":", 1)[1])
    [error] = read(url, IngestOptions(timeout=1.0))
    assert error.source == url and re.fullmatch(reason, error.reason), error
    assert connections == [] and Handler.hits == []


def test_allow_private_reaches_the_local_server(base_url: str, connections: list[str]) -> None:
    assert isinstance(read(f"{base_url}/article.html", IngestOptions(allow_private=True))[0], Article)
    assert connections == ["127.0.0.1"]


@pytest.mark.parametrize("path, target, reason", [
    ("/redirect-metadata", "http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("/redirect-private", "http://10.0.0.1/admin", "10.0.0.1 is a private address"),
])
def test_redirect_to_a_private_address_refused_at_the_hop(base_url: str, connections: list[str],
                                                          loopback_is_public: None, path: str, target: str,
                                                          reason: str) -> None:
    [error] = read(base_url + path, IngestOptions(timeout=1.0))
    assert error.reason == f"redirect to {target}: refused: {reason}"
    assert connections == ["127.0.0.1"] and Handler.hits == [path]


def test_redirect_to_a_name_resolving_privately_refused(base_url: str, connections: list[str],
                                                        loopback_is_public: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host == "intranet.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    [error] = read(f"{base_url}/redirect-internal-name", IngestOptions(timeout=1.0))
    assert error.reason.endswith("refused: intranet.test (10.0.0.7) is a private address")
    assert connections == ["127.0.0.1"]


def test_feed_entry_pages_on_private_addresses_are_not_fetched(base_url: str, connections: list[str],
                                                               loopback_is_public: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Handler, "do_GET", feed_linking_private_pages)
    items = read(f"{base_url}/private-feed.xml", IngestOptions(timeout=1.0))
    assert [a.note for a in items] == ["summary only: refused: 169.254.169.254 is a cloud metadata address",
                                       "summary only: refused: 10.1.1.1 is a private address"]
    assert connections == ["127.0.0.1"]


def feed_linking_private_pages(handler: Handler) -> None:
    """A feed whose entries point at the metadata service and an intranet host."""
    feed = (b'<rss version="2.0"><channel><title>Bait</title>'
            b"<item><title>A</title><link>http://169.254.169.254/latest/</link><description>a</description></item>"
            b"<item><title>B</title><link>http://10.1.1.1/wiki</link><description>b</description></item>"
            b"</channel></rss>")
    handler.send(200, "application/rss+xml", feed)


def test_corpus_pages_by_url_read_as_from_files(base_url: str, shared_corpus: Path) -> None:
    pages = sorted((shared_corpus / "html" / "html").glob("*.html.gz"))[:CORPUS_SAMPLE]
    for page in pages:
        Handler.corpus[page.name] = gzip.decompress(page.read_bytes())
    for page in pages:
        url = f"{base_url}/corpus/{page.name}"
        [article] = read(url, IngestOptions(allow_private=True, timeout=5.0))
        direct = parse_html(Handler.corpus[page.name], str(page), IngestOptions(), url=url)
        assert (article.title, article.text) == (direct.title, direct.text)
