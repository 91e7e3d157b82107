"""Figures for `make bench`: the subscribe endpoint, and one issue mailed to many subscribers through real SMTP."""

import socket
import time

from django.test import Client, override_settings
from django.utils import timezone

from masthead.core.benchmarking import percentiles, time_calls


def _add(report, section, metric, samples, note=""):
    figures = percentiles(samples)
    report.add(section, f"{metric} p50", round(figures["p50"], 3), "ms", note)
    report.add(section, f"{metric} p95", round(figures["p95"], 3), "ms", f"n={figures['n']}")


class _Sink:
    """An SMTP server that accepts everything and keeps only a count."""

    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(report, options):
    from masthead.newsletter import sending
    from masthead.newsletter.models import Issue, Subscriber

    quick = options.get("quick")
    tag = f"nl-bench-{timezone.now().timestamp():.0f}"
    counter = iter(range(10**9))
    client = Client(SERVER_NAME="localhost")

    def subscribe():
        response = client.post(
            "/newsletter/subscribe/",
            {"email": f"{tag}-{next(counter)}@example.com", "language": "ru"},
            HTTP_ORIGIN="http://localhost",
        )
        assert response.status_code == 200, response.status_code

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", NEWSLETTER_RATE_LIMIT=10**9):
        _add(report, "newsletter", "POST /newsletter/subscribe/ (new address, mail rendered)", time_calls(subscribe, 20 if quick else 200))

    try:
        from aiosmtpd.controller import Controller
    except ImportError:  # a [test] extra
        return
    count = 200 if quick else 2000
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"{tag}-r{i}@example.com", language="ru", state=Subscriber.State.CONFIRMED) for i in range(count)]
    )
    issue = Issue.objects.create(language="ru", subject=tag, body="<p>Бенчмарк рассылки.</p>", state=Issue.State.SENDING)
    sink = _Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        smtp = {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": controller.port, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False, "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
        }
        with override_settings(**smtp):
            start = time.perf_counter()
            sending.deliver(issue)
            seconds = time.perf_counter() - start
    finally:
        controller.stop()
    report.add("newsletter", f"one issue to {count} subscribers (local SMTP)", round(count / seconds, 1), "mails/s",
               f"{sink.count} accepted, claim+send+mark each")
    Issue.objects.filter(pk=issue.pk).delete()
    Subscriber.objects.filter(email__startswith=tag).delete()
