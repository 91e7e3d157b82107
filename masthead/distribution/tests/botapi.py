"""A local HTTP server that answers like Telegram's Bot API, scripted per request, for the delivery tests."""

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeBotApi:
    """Each request takes the next scripted answer (default "ok"):

    "ok"        posts, answers 200 {"ok": true, "result": {"message_id": n}}
    ("429", s)  answers 429 with parameters.retry_after = s, posts nothing
    "500"       answers 500, posts nothing
    "400"       answers 400 Bad Request, posts nothing
    "drop"      reads the request, posts nothing, closes the connection without an answer
    "lost"      posts, then closes the connection without an answer (the answer to a success is lost)
    ("slow", s) posts, then answers after s seconds (longer than the client waits)
    """

    def __init__(self):
        self.script = deque()
        self.posts: list[dict] = []  # what reached the channel
        self.requests: list[tuple[str, dict]] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                method = self.path.rsplit("/", 1)[-1]
                api.requests.append((self.path, payload))
                action = api.script.popleft() if api.script else "ok"
                name, arg = action if isinstance(action, tuple) else (action, None)
                if name in ("ok", "lost", "slow"):
                    api.posts.append({"method": method, **payload})
                if name == "ok":
                    self.answer(200, {"ok": True, "result": {"message_id": len(api.posts)}})
                elif name == "429":
                    self.answer(429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after %d" % arg,
                                      "parameters": {"retry_after": arg}})
                elif name == "500":
                    self.answer(500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
                elif name == "400":
                    self.answer(400, {"ok": False, "error_code": 400, "description": "Bad Request: wrong file identifier/HTTP URL specified"})
                elif name in ("drop", "lost"):
                    self.close_connection = True
                    self.connection.shutdown(2)
                elif name == "slow":
                    time.sleep(arg)
                    self.answer(200, {"ok": True, "result": {"message_id": len(api.posts)}})

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
