"""A real HTTP server on 127.0.0.1, in a thread, standing in for a partner's webhook receiver."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class Receiver:
    """Records every request. The first `fail_first` answer `fail_status` (then 200); `delay_seconds` makes it
    slow to answer; `redirect_to` answers every request with a 302 there."""

    def __init__(self, *, fail_first: int = 0, fail_status: int = 500, delay_seconds: float = 0.0):
        self.fail_first = fail_first
        self.fail_status = fail_status
        self.delay_seconds = delay_seconds
        self.redirect_to = ""
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/hooks"

    def start(self) -> Receiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, received: Received) -> int:
        with self._lock:
            self.received.append(received)
            failing = len(self.received) <= self.fail_first
        if self.delay_seconds:
            time.sleep(self.delay_seconds)
        if self.redirect_to:
            return 302
        return self.fail_status if failing else 200

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver._answer(Received(self.path, dict(self.headers.items()), body))
                try:
                    self.send_response(status)
                    if status == 302:
                        self.send_header("Location", receiver.redirect_to)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender gave up waiting (a timeout test)

            def log_message(self, format, *args):
                pass

        return Handler


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting is refused."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/hooks"
