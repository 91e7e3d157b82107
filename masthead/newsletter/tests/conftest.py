"""A real SMTP server (aiosmtpd) that keeps what it receives, and the builders the newsletter tests share."""

import email
import socket
import threading
from email import policy

import pytest

from masthead.newsletter.models import Subscriber


class Inbox:
    """aiosmtpd handler: every accepted message, parsed."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list:
        with self.lock:
            return [message for rcpts, message in self.messages if address in rcpts]

    def text(self, message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()

    def html(self, message) -> str:
        return message.get_body(preferencelist=("html",)).get_content()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


def make_subscriber(email_address: str, language: str = "ru", state: str = Subscriber.State.CONFIRMED, **fields) -> Subscriber:
    return Subscriber.objects.create(email=email_address, language=language, state=state, **fields)
