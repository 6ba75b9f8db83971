"""Fetching URLs safely: http(s) only, public addresses only, time-outs, a size cap, redirects followed by hand.

Every TCP connection goes through `GuardedBackend`, which resolves the host, refuses private, loopback,
link-local, multicast, reserved and cloud-metadata addresses (unless `allow_private`), and connects to the
very address it checked: a DNS answer that changes between the check and the connection (DNS rebinding)
cannot slip through. Redirects are followed one hop at a time, so each hop's host meets the same guard, and
environment proxies are ignored (through a proxy the guard would only see the proxy's address).
"""
from __future__ import annotations

import functools
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from storyline.errors import FetchError
from storyline.ingest.html import parse_html
from storyline.records import Article, IngestOptions

MAX_REDIRECTS = 10
DOWNLOAD_TIME_FACTOR = 4  # a server dripping bytes never trips the read time-out; the whole body gets 4 of them
USER_AGENT = "Storyline/0.1 (news article reader)"
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.1"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                        "application/x-rss+xml", "application/x-atom+xml"})
# Reachable only from inside a cloud: link-local (AWS, GCP, Azure, ECS), Alibaba's, AWS's IPv6 endpoint.
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"))
FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)\b")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Fetched:
    """A downloaded response body with what the server said about it."""

    url: str
    content_type: str
    charset: str | None
    body: bytes


def refusal_reason(address: IPAddress) -> str | None:
    """Why an address is not fetched by default ("a loopback address", ...), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address in METADATA_ADDRESSES:
        return "a cloud metadata address"
    for reason, flagged in (("a loopback address", address.is_loopback),
                            ("a link-local address", address.is_link_local),
                            ("a multicast address", address.is_multicast),
                            ("an unspecified address", address.is_unspecified),
                            ("a private address", address.is_private), ("a reserved address", address.is_reserved)):
        if flagged:
            return reason
    return None if address.is_global else "not a public address"


def resolve_checked(host: str, port: int, allow_private: bool) -> list[str]:
    """The host's addresses, each checked; FetchError when it does not resolve or any address is refused."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(host, f"cannot resolve the host ({exc})") from exc
    addresses = list(dict.fromkeys(str(answer[4][0]) for answer in answers))
    if not allow_private:
        for address in addresses:
            reason = refusal_reason(ipaddress.ip_address(address.split("%", 1)[0]))
            if reason:
                shown = host if host == address else f"{host} ({address})"
                raise FetchError(host, f"refused: {shown} is {reason}")
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's network backend that connects only to addresses it has just resolved and checked."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private
        self.inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options=None) -> httpcore.NetworkStream:
        """Connect to the first reachable checked address of the host (TLS still verifies the host name)."""
        failure: Exception | None = None
        for address in resolve_checked(host, port, self.allow_private):
            try:
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options=None):
        """Unix sockets are never used for fetching."""
        raise FetchError(path, "unix sockets are not fetched")


@functools.cache
def tls_context() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle takes a third of a second."""
    return httpx.create_ssl_context()


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses `GuardedBackend`."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__(verify=tls_context(), trust_env=False, retries=0)
        # httpx 0.28 has no public way to choose the network backend (encode/httpx#3180): replace its pool.
        self._pool = httpcore.ConnectionPool(ssl_context=tls_context(), retries=0,
                                             network_backend=GuardedBackend(allow_private))


def check_url(url: str) -> None:
    """Refuse anything but an absolute http(s) URL with a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"only http and https URLs are fetched, not {parts.scheme or 'a relative URL'}")
    if not host:
        raise FetchError(url, "the URL has no host")


def media_type(response: httpx.Response) -> str:
    """The response's media type ("text/html"), lower case, without parameters."""
    return response.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def read_body(response: httpx.Response, options: IngestOptions, source: str, deadline: float) -> bytes:
    """The (decoded) body, refused as soon as it passes `max_bytes` or the download deadline."""
    limit = options.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(source, f"response is {int(declared):,} bytes, above the {limit:,}-byte limit")
    chunks, size = [], 0
    for chunk in response.iter_bytes():  # chunks as they arrive: a fixed size would wait for slow servers
        size += len(chunk)
        if size > limit:
            raise FetchError(source, f"response is larger than the {limit:,}-byte limit")
        if time.monotonic() > deadline:
            raise FetchError(source, f"download took longer than {deadline_seconds(options):g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def deadline_seconds(options: IngestOptions) -> float:
    """Time allowed for a whole download, redirects included."""
    return options.timeout * DOWNLOAD_TIME_FACTOR


def fetch(url: str, options: IngestOptions | None = None) -> Fetched:
    """Download a URL, following up to MAX_REDIRECTS redirects (each hop re-checked); FetchError on any failure."""
    options = options or IngestOptions()
    deadline = time.monotonic() + deadline_seconds(options)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    with httpx.Client(transport=GuardedTransport(options.allow_private), trust_env=False, follow_redirects=False,
                      timeout=httpx.Timeout(options.timeout), headers=headers) as client:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if time.monotonic() > deadline:
                raise FetchError(url, f"download took longer than {deadline_seconds(options):g} s")
            try:
                result = get_once(client, current, options, deadline)
            except FetchError as exc:
                reason = exc.reason if current == url else f"redirect to {current}: {exc.reason}"
                raise FetchError(url, reason) from exc
            if isinstance(result, Fetched):
                return result
            current = result
    raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")


def redirect_target(url: str, location: str) -> str:
    """The absolute URL a redirect points to."""
    try:
        return urljoin(url, location.strip())
    except ValueError as exc:
        raise FetchError(url, f"redirect to an invalid URL {location!r}") from exc


def get_once(client: httpx.Client, url: str, options: IngestOptions, deadline: float) -> Fetched | str:
    """One request: the downloaded response, or the URL it redirects to."""
    check_url(url)
    try:
        with client.stream("GET", url) as response:
            if response.is_redirect:
                return redirect_target(url, response.headers["location"])
            if response.status_code >= 300:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".strip())
            body = read_body(response, options, url, deadline)
            return Fetched(str(response.url), media_type(response), response.charset_encoding, body)
    except httpx.TimeoutException as exc:
        raise FetchError(url, f"timed out after {options.timeout:g} s ({type(exc).__name__})") from exc
    except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
        raise FetchError(url, f"cannot fetch: {exc or type(exc).__name__}") from exc


def looks_like_feed(body: bytes) -> bool:
    """True when the document's root element (before any <html>) is rss, feed or rdf:RDF."""
    head = body[:2048].lower()
    match = FEED_ROOT.search(head)
    html_at = head.find(b"<html")
    return bool(match) and (html_at < 0 or match.start() < html_at)


def is_feed(fetched: Fetched) -> bool:
    """True when the response is an RSS/Atom feed: by its own content type, or by its root element."""
    return fetched.content_type in FEED_TYPES or looks_like_feed(fetched.body)


def is_html(fetched: Fetched) -> bool:
    """True when the response is an HTML page (by content type, or by its start when the type is missing)."""
    if fetched.content_type in HTML_TYPES:
        return True
    head = fetched.body[:1024].lstrip().lower()
    return not fetched.content_type and head.startswith((b"<!doctype html", b"<html"))


def read_page(url: str, options: IngestOptions | None = None) -> Article:
    """The article on a web page; FetchError when the URL is not an HTML page."""
    options = options or IngestOptions()
    fetched = fetch(url, options)
    if not is_html(fetched):
        raise FetchError(url, f"not an HTML page (content type {fetched.content_type or 'missing'})")
    return parse_html(fetched.body, url, options, url=fetched.url, charset=fetched.charset)
