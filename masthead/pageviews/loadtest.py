"""A small threaded HTTP client that sends view beacons: shared by the concurrency test and `make bench`."""

import http.client
import json
import queue
import threading
import time
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from masthead.pageviews.visitors import COOKIE_NAME, new_visitor_cookie

BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
GOOGLEBOT_UA = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
CURL_UA = "curl/8.5.0"


@dataclass(frozen=True)
class Beacon:
    article_id: int
    cookie: str
    user_agent: str = BROWSER_UA


def distinct_visitors(article_ids: list[int], count: int) -> list[Beacon]:
    """`count` beacons spread evenly over the articles, each from a visitor of its own."""
    return [Beacon(article_ids[i % len(article_ids)], new_visitor_cookie()[0]) for i in range(count)]


def send(base_url: str, beacons: list[Beacon], *, threads: int = 64, timeout: float = 30.0, on_progress=None) -> Counter:
    """POST every beacon with `threads` concurrent clients; a Counter of status codes ("error" for failures)."""
    parts = urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}"
    work: queue.Queue = queue.Queue()
    for beacon in beacons:
        work.put(beacon)
    statuses: Counter = Counter()
    lock = threading.Lock()
    done = [0]

    def worker():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        while True:
            try:
                beacon = work.get_nowait()
            except queue.Empty:
                break
            body = json.dumps({"article": beacon.article_id})
            headers = {
                "Content-Type": "application/json",
                "Origin": origin,
                "User-Agent": beacon.user_agent,
                "Cookie": f"{COOKIE_NAME}={beacon.cookie}",
            }
            status = _post(connection, parts, body, headers, timeout)
            if status == "error":
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
            with lock:
                statuses[status] += 1
                done[0] += 1
                if on_progress:
                    on_progress(done[0])
        connection.close()

    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return statuses


def _post(connection, parts, body, headers, timeout):
    for attempt in range(2):  # a kept-alive connection the server closed is reopened once
        try:
            connection.request("POST", "/pageviews/beacon/", body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
            return response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            if attempt:
                return "error"
            time.sleep(0.05)
    return "error"
