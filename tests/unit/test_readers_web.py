"""The fetcher's rules, without any network: which addresses and URLs are refused, how responses are classified."""
from __future__ import annotations

import ipaddress
import socket

import pytest

from storyline.errors import FetchError
from storyline.ingest import web
from storyline.ingest.web import Fetched, check_url, is_feed, is_html, refusal_reason, resolve_checked


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "a loopback address"), ("127.8.9.10", "a loopback address"), ("::1", "a loopback address"),
    ("10.1.2.3", "a private address"), ("172.16.0.5", "a private address"), ("192.168.1.1", "a private address"),
    ("fd12:3456::1", "a private address"), ("169.254.169.254", "a cloud metadata address"),
    ("169.254.170.2", "a cloud metadata address"), ("100.100.100.200", "a cloud metadata address"),
    ("fd00:ec2::254", "a cloud metadata address"), ("169.254.1.1", "a link-local address"),
    ("fe80::1", "a link-local address"), ("224.0.0.1", "a multicast address"), ("ff02::1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"), ("::", "an unspecified address"), ("240.0.0.1", "a private address"),
    ("100.64.0.1", "not a public address"), ("192.0.2.10", "a private address"),
    ("::ffff:127.0.0.1", "a loopback address"), ("::ffff:169.254.169.254", "a cloud metadata address"),
    ("93.184.216.34", None), ("2606:2800:220:1:248:1893:25c8:1946", None), ("8.8.8.8", None),
])
def test_refusal_reason(address: str, reason: str | None) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "not file"), ("ftp://files.example/a", "not ftp"), ("gopher://x/", "not gopher"),
    ("javascript:alert(1)", "not javascript"), ("//no-scheme.example/a", "not a relative URL"),
    ("http:///path-only", "has no host"), ("http://[::1/", "not a valid URL"),
])
def test_check_url_refuses(url: str, reason: str) -> None:
    with pytest.raises(FetchError, match=reason):
        check_url(url)


@pytest.mark.parametrize("url", ["http://a.example/x", "HTTPS://A.EXAMPLE:8443/x?q=1#f"])
def test_check_url_accepts_http(url: str) -> None:
    check_url(url)


def fake_resolver(answers: dict[str, list[str]]):
    """A getaddrinfo that answers from a table (and fails for anything else)."""
    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in answers[host]]
    return getaddrinfo


def test_a_host_with_any_private_answer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_resolver({"mixed.test": ["93.184.216.34", "10.0.0.7"]}))
    with pytest.raises(FetchError, match=r"refused: mixed.test \(10.0.0.7\) is a private address"):
        resolve_checked("mixed.test", 80, allow_private=False)
    assert resolve_checked("mixed.test", 80, allow_private=True) == ["93.184.216.34", "10.0.0.7"]


def test_unresolvable_host_is_a_fetch_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", fake_resolver({}))
    with pytest.raises(FetchError, match="cannot resolve the host"):
        resolve_checked("nowhere.test", 80, allow_private=False)


def test_backend_connects_to_the_address_it_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rebinding resolver: public on the first question, private afterwards.
    answers = iter([["93.184.216.34"], ["10.0.0.7"]])
    monkeypatch.setattr(socket, "getaddrinfo",
                        lambda host, port, *a, **k: [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                                                     for a in next(answers)])
    connected = []

    class Recorder:
        def connect_tcp(self, host, port, *args):
            connected.append(host)
            return "stream"

    backend = web.GuardedBackend(allow_private=False)
    backend.inner = Recorder()
    assert backend.connect_tcp("rebind.test", 80) == "stream"
    with pytest.raises(FetchError, match="is a private address"):
        backend.connect_tcp("rebind.test", 80)
    assert connected == ["93.184.216.34"]


@pytest.mark.parametrize("content_type, body, feed, html", [
    ("application/rss+xml", b"<rss>", True, False),
    ("text/html", b'<?xml version="1.0"?>\n<rss version="2.0">', True, True),
    ("application/xml", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', True, False),
    ("application/xml", b'<?xml version="1.0"?><urlset>', False, False),
    ("text/html", b"<!doctype html><html><body>feed me</body></html>", False, True),
    ("text/html", b"<html><head><link rel=alternate type=application/rss+xml></head>", False, True),
    ("", b"<!DOCTYPE html><html>", False, True),
    ("application/json", b'{"a": 1}', False, False),
    ("text/plain", b"Just text", False, False),
])
def test_response_classification(content_type: str, body: bytes, feed: bool, html: bool) -> None:
    fetched = Fetched("http://a.example/", content_type, None, body)
    assert (is_feed(fetched), is_html(fetched)) == (feed, html)
