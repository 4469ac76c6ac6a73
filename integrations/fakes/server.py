"""The HTTP plumbing every platform fake shares.

A fake is a `ThreadingHTTPServer` on 127.0.0.1 (port 0: the OS picks a free one) run in a daemon
thread. It records every request, answers through the subclass's `handle`, and can be told to fail
the next N sends with a named platform error — from Python (`fail_next`) or, for tests and demo
processes elsewhere, over HTTP:

* `POST /_fake/fail` `{"error": "<preset>", "count": 1, "after": 0, "retry_after": 30, "delay": 2}` or
  `{"status": 500, "body": {...}, "headers": {...}, "count": 1}`
* `GET /_fake/requests` → `{"requests": [{method, path, query, headers, body}, …]}`
* `POST /_fake/reset` → forget recorded requests and pending failures.

Control requests are not recorded. `on_sent` (optional) is called in the server thread with a
`SentMessage` after each accepted send, so an embedded demo can play back receipts later.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from integrations.events import ChannelKind

logger = logging.getLogger(__name__)

CONTROL_PREFIX = "/_fake/"


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as the fake received it. `headers` keys are lower-case; `body` is the decoded
    JSON (or form fields as a dict), None when there was no body."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    raw: bytes = b""
    query_string: str = ""  # as sent (still percent-encoded): what an OAuth 1.0a signature covers

    def as_json(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "query": self.query, "headers": self.headers, "body": self.body}


@dataclass(frozen=True, slots=True)
class SentMessage:
    """What an `on_sent` callback receives: one message the fake accepted."""

    kind: ChannelKind
    account_external_id: str
    recipient: str
    external_id: str
    text: str = ""


@dataclass(frozen=True, slots=True)
class FakeResponse:
    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Failure:
    """A failure queued for the next send: a named preset (rendered by the fake for the product
    being called) or an explicit response. `delay` makes the fake sleep first (client timeouts)."""

    error: str = ""
    retry_after: float | None = None
    delay: float = 0.0
    response: FakeResponse | None = None
    passthrough: bool = False  # a placeholder letting one send through (`fail_next(after=…)`)


class FakePlatform:
    """Base of the platform fakes: server lifecycle, request log, failure queue, `on_sent`."""

    kind: ChannelKind
    presets: tuple[str, ...] = ()  # the `error` names `fail_next` accepts

    def __init__(self, *, on_sent: Callable[[SentMessage], None] | None = None) -> None:
        self.on_sent = on_sent
        self._lock = threading.RLock()
        self._requests: list[RecordedRequest] = []
        self._failures: deque[Failure] = deque()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.host_url = ""

    # --- lifecycle ------------------------------------------------------------------------------

    def start(self) -> str:
        """Serve on 127.0.0.1 (free port) in a daemon thread; returns the base URL clients use."""
        if self._server is None:
            self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
            self._server.daemon_threads = True
            self.host_url = f"http://127.0.0.1:{self._server.server_address[1]}"
            # a short poll interval keeps stop() fast (shutdown waits for the next poll)
            server = self._server
            self._thread = threading.Thread(
                target=lambda: server.serve_forever(poll_interval=0.05), name=f"fake-{self.kind}", daemon=True
            )
            self._thread.start()
        return self.base_url

    @property
    def base_url(self) -> str:
        """What a client's `base_url` should be (the Graph fake adds the API version)."""
        return self.host_url

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
            self._thread = None

    def __enter__(self) -> FakePlatform:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- what tests use -------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far (a copy), oldest first; control requests excluded."""
        with self._lock:
            return list(self._requests)

    def last_request(self) -> RecordedRequest:
        with self._lock:
            if not self._requests:
                raise LookupError("the fake has received no request")
            return self._requests[-1]

    def fail_next(
        self,
        error: str = "",
        *,
        count: int = 1,
        after: int = 0,
        retry_after: float | None = None,
        delay: float = 0.0,
        status: int | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Make the next `count` sends fail (after letting `after` sends through): with preset
        `error` (see `presets`), or with the explicit `status`/`body`/`headers`. Preset `slow` only delays the answer by `delay` seconds
        (the send then succeeds: what a client timeout looks like). Profile lookups and read marks
        are not affected."""
        if status is not None:
            failure = Failure(delay=delay, response=FakeResponse(status, body if body is not None else {}, dict(headers or {})))
        elif error in self.presets:
            failure = Failure(error=error, retry_after=retry_after, delay=delay)
        else:
            raise ValueError(f"unknown failure {error!r}; presets: {', '.join(self.presets)} (or pass status=)")
        with self._lock:
            self._failures.extend([Failure(passthrough=True)] * after + [failure] * count)

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self._failures.clear()

    # --- for subclasses -------------------------------------------------------------------------

    def handle(self, request: RecordedRequest) -> FakeResponse:  # pragma: no cover - abstract
        raise NotImplementedError

    def render_failure(self, failure: Failure, product: str) -> FakeResponse:  # pragma: no cover - abstract
        raise NotImplementedError

    def take_failure(self, product: str = "") -> FakeResponse | None:
        """Called by a subclass when a send is about to be accepted: the queued failure, if any."""
        with self._lock:
            failure = self._failures.popleft() if self._failures else None
        if failure is None or failure.passthrough:
            return None
        if failure.delay:
            time.sleep(failure.delay)
        if failure.error == "slow":  # only late: the send then succeeds, as after a client timeout
            return None
        return failure.response or self.render_failure(failure, product)

    def sent(self, message: SentMessage) -> None:
        if self.on_sent is None:
            return
        try:
            self.on_sent(message)
        except Exception:  # a demo callback must not turn an accepted send into a 500
            logger.exception("on_sent callback failed for %s", message)

    # --- dispatch -------------------------------------------------------------------------------

    def _dispatch(self, request: RecordedRequest) -> FakeResponse:
        if request.path.startswith(CONTROL_PREFIX):
            return self._control(request)
        with self._lock:
            self._requests.append(request)
        try:
            return self.handle(request)
        except Exception as exc:  # a bug in the fake answers 500 with its cause, not a hung client
            logger.exception("fake %s failed on %s %s", self.kind, request.method, request.path)
            return FakeResponse(500, {"fake_error": f"{type(exc).__name__}: {exc}"})

    def _control(self, request: RecordedRequest) -> FakeResponse:
        action = request.path.removeprefix(CONTROL_PREFIX).rstrip("/")
        if action == "requests" and request.method == "GET":
            return FakeResponse(200, {"requests": [r.as_json() for r in self.requests]})
        if action == "reset" and request.method == "POST":
            self.reset()
            return FakeResponse(200, {"ok": True})
        if action == "fail" and request.method == "POST":
            spec = request.body if isinstance(request.body, dict) else {}
            try:
                self.fail_next(
                    str(spec.get("error") or ""),
                    count=int(spec.get("count", 1)),
                    after=int(spec.get("after", 0)),
                    retry_after=spec.get("retry_after"),
                    delay=float(spec.get("delay", 0.0)),
                    status=spec.get("status"),
                    body=spec.get("body"),
                    headers=spec.get("headers"),
                )
            except (ValueError, TypeError) as exc:
                return FakeResponse(400, {"error": str(exc)})
            return FakeResponse(200, {"ok": True})
        return FakeResponse(404, {"error": f"no control action {request.method} {request.path}"})


def _handler_for(fake: FakePlatform) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real APIs (httpx reuses connections)
        disable_nagle_algorithm = True  # headers and body go in two writes: don't wait 40 ms for an ACK

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            self._serve()

        def do_POST(self) -> None:  # noqa: N802
            self._serve()

        def do_DELETE(self) -> None:  # noqa: N802
            self._serve()

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            headers = {name.lower(): value for name, value in self.headers.items()}
            response = fake._dispatch(
                RecordedRequest(
                    method=self.command,
                    path=url.path,
                    query=dict(parse_qsl(url.query, keep_blank_values=True)),
                    headers=headers,
                    body=_decode_body(raw, headers.get("content-type", "")),
                    raw=raw,
                    query_string=url.query,
                )
            )
            payload = json.dumps(response.body).encode("utf-8")
            self.send_response(response.status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (its timeout)
                pass

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep test output quiet
            logger.debug("fake %s: " + format, fake.kind, *args)

    return Handler


def _decode_body(raw: bytes, content_type: str) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", "replace")
    if "application/x-www-form-urlencoded" in content_type:
        return dict(parse_qsl(text, keep_blank_values=True))
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def as_dict(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (fakes validate fields, not types, loudly)."""
    return value if isinstance(value, dict) else {}
