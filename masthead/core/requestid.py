"""A request id on every response and every log record made while serving it.

The proxy may send one (`X-Request-ID`) so its log and ours can be joined; it is
taken only when it looks like an id (letters, digits, dashes, at most 64), since
anything the client sends ends up in our logs. Otherwise a new one is made.
"""

import logging
import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-ID"
_VALID = re.compile(r"[A-Za-z0-9._-]{8,64}")
current_request_id: ContextVar[str] = ContextVar("request_id", default="-")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _VALID.fullmatch(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        return True
