"""Real servers on localhost for the reminder tests: an SMTP server (aiosmtpd) and an SMS provider stub
(http.server), each in its own thread, each keeping what it received."""

import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Collector:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append({"to": envelope.rcpt_tos, "message": message})
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd's Controller on a free port; ``messages`` holds what it received (recipients, parsed message)."""

    def __init__(self):
        self.collector = _Collector()
        self.port = free_port()
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)

    @property
    def messages(self) -> list:
        with self.collector.lock:
            return list(self.collector.messages)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


class SmsProviderStub:
    """An HTTP server answering JSON POSTs like an SMS provider: {"id": "..."} with 200, or ``fail_with``."""

    def __init__(self):
        self.requests = []
        self.fail_with: int | None = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": json.loads(body or b"{}")}
                )
                status = stub.fail_with or 200
                answer = json.dumps({"id": f"msg-{len(stub.requests)}"} if status == 200 else {"error": "busy"})
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
