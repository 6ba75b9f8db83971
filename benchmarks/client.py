"""A browser-like Streamlit client: the websocket at /_stcore/stream, protobuf BackMsg out, ForwardMsg in.

A browser asks for a script run with a BackMsg `rerun_script` carrying the page and the URL's query string, then
renders the ForwardMsgs (deltas) until `script_finished`. This client does the same and keeps what a person would
notice: how long each run took, and any exception or error element the page showed. Like the browser, it keeps the
query string the script wrote (page_info_changed) and reruns `st.fragment(run_every=…)` fragments when they are due.
Only loopback addresses are ever contacted.
"""
from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
            ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


def require_loopback(base_url: str) -> None:
    """Refuse any server that is not on this machine (load tests send traffic to loopback only)."""
    host = urlsplit(base_url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"{base_url}: load tests only talk to loopback addresses (127.0.0.0/8, ::1)")


@dataclass
class RunResult:
    """One script run as the client saw it."""

    page: str
    query: str
    seconds: float
    errors: list[str] = field(default_factory=list)
    elements: int = 0
    received_bytes: int = 0
    status: str = "finished"


@dataclass
class StreamlitSession:
    """One browser tab: a websocket session with its page, URL query string and due fragment reruns."""

    base_url: str
    connection: ClientConnection | None = None
    session_id: str = ""
    pages: dict[str, str] = field(default_factory=dict)   # url pathname -> page script hash
    page: str = ""
    query: str = ""
    fragments: dict[str, float] = field(default_factory=dict)  # fragment id -> run interval (seconds)

    async def open(self, timeout: float = 30.0) -> None:
        """Connect to the server's websocket."""
        require_loopback(self.base_url)
        ws_url = self.base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self.connection = await connect(ws_url, subprotocols=[Subprotocol("streamlit")], max_size=None,
                                        open_timeout=timeout, ping_interval=None, compression=None)

    async def close(self) -> None:
        """Close the websocket."""
        if self.connection is not None:
            await self.connection.close()
            self.connection = None

    async def clear_cache(self) -> None:
        """Empty the server's data and resource caches (the browser menu's "Clear cache"; no rerun follows)."""
        assert self.connection is not None, "open() the session first"
        await self.connection.send(BackMsg(clear_cache=True).SerializeToString())

    def _client_state(self, page: str, query: str, fragment_id: str = "") -> ClientState:
        """What the browser sends with a rerun request."""
        context = ContextInfo(timezone="UTC", timezone_offset=0, locale="en-GB",
                              url=f"{self.base_url.rstrip('/')}/{page}" + (f"?{query}" if query else ""))
        return ClientState(query_string=query, page_script_hash=self.pages.get(page, ""), page_name=page,
                           fragment_id=fragment_id, is_auto_rerun=bool(fragment_id), context_info=context)

    async def run(self, page: str, query: str, timeout: float = 120.0) -> RunResult:
        """Open a page with a query string (as a click on a link would) and wait until its script finishes."""
        self.page, self.query = page, query
        return await self._rerun(self._client_state(page, query), timeout)

    async def run_fragment(self, fragment_id: str, timeout: float = 60.0) -> RunResult:
        """Rerun one fragment of the current page, as the browser does when its run_every interval passes."""
        return await self._rerun(self._client_state(self.page, self.query, fragment_id), timeout)

    async def _rerun(self, state: ClientState, timeout: float) -> RunResult:
        """Send a rerun request and read messages until the run finishes (or the timeout passes)."""
        assert self.connection is not None, "open() the session first"
        result = RunResult(state.page_name, state.query_string, 0.0)
        started = time.perf_counter()
        await self.connection.send(BackMsg(rerun_script=state).SerializeToString())
        try:
            await asyncio.wait_for(self._read_until_finished(result), timeout)
        except TimeoutError:
            result.status = "timeout"
            result.errors.append(f"no script_finished within {timeout:.0f} s")
        result.seconds = time.perf_counter() - started
        return result

    async def _read_until_finished(self, result: RunResult) -> None:
        """Consume ForwardMsgs, noting errors, until a script_finished that ends this run."""
        while True:
            raw = await self.connection.recv()
            result.received_bytes += len(raw)
            message = ForwardMsg.FromString(raw)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self._note_session(message)
            elif kind == "navigation":  # the browser's page list (url pathnames as links use them)
                self.pages = {p.url_pathname: p.page_script_hash for p in message.navigation.app_pages}
            elif kind == "delta":
                self._note_delta(message, result)
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "auto_rerun":
                self.fragments[message.auto_rerun.fragment_id] = message.auto_rerun.interval
            elif kind == "page_not_found":
                result.errors.append(f"page not found: {message.page_not_found.page_name!r}")
            elif kind == "session_event" and message.session_event.WhichOneof("type") == "script_compilation_exception":
                result.errors.append("compile error: " + message.session_event.script_compilation_exception.message)
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    result.errors.append("script finished with a compile error")
                if message.script_finished in FINISHED:
                    return
                # FINISHED_EARLY_FOR_RERUN: the script asked for a rerun (st.rerun); the next run follows.

    def _note_session(self, message: ForwardMsg) -> None:
        """Keep the session id and the page list (url pathname -> script hash)."""
        if message.new_session.initialize.session_id:
            self.session_id = message.new_session.initialize.session_id
        if not self.pages:  # until a navigation message lists them the browser's way
            self.pages = {p.url_pathname: p.page_script_hash for p in message.new_session.app_pages}
        self.fragments = {}  # a new run re-announces its fragments

    @staticmethod
    def _note_delta(message: ForwardMsg, result: RunResult) -> None:
        """Count elements; keep exceptions and error alerts (what a person would see as an error)."""
        if message.delta.WhichOneof("type") != "new_element":
            return
        element = message.delta.new_element
        result.elements += 1
        kind = element.WhichOneof("type")
        if kind == "exception":
            result.errors.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            result.errors.append("error shown: " + element.alert.body[:200])
