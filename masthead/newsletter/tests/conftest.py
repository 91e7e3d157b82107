"""A real SMTP server (aiosmtpd) that keeps what it receives, and the builders the newsletter tests share."""

import email
import threading
from email import policy

import pytest

from masthead.newsletter.models import Subscriber
from masthead.testing import smtp_server


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


@pytest.fixture
def smtp(settings):
    with smtp_server(settings, Inbox()) as inbox:
        yield inbox


def make_subscriber(email_address: str, language: str = "ru", state: str = Subscriber.State.CONFIRMED, **fields) -> Subscriber:
    return Subscriber.objects.create(email=email_address, language=language, state=state, **fields)
