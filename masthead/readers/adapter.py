"""allauth, told who is asking the way the rest of the site is told.

allauth keys its own limits (sign-ups, password resets, confirmation mails) on
the client's address. By default it reads that itself, so behind the proxy every
reader would share the proxy's address and one busy minute would refuse them
all; here it comes from `masthead.core.identity`, which believes X-Forwarded-For
only from TRUSTED_PROXIES.

Its e-mails name the site by the request's host and port ("Hello from
127.0.0.1:8000!"); ours name the outlet and greet the reader by the display
name they chose (`account/email/base_message.txt`).
"""

from dataclasses import dataclass

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from masthead.core.identity import client_ip


@dataclass(frozen=True)
class Outlet:
    """What allauth's templates read as `current_site`: the outlet's name and address, not the host."""

    name: str
    url: str

    @property
    def domain(self) -> str:
        return self.url.split("://", 1)[-1]


def reader_name(user) -> str:
    profile = getattr(user, "reader_profile", None) if user is not None and user.pk else None
    return profile.display_name if profile is not None else ""


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Last, so it wins over the request's site that some allauth forms put in the context themselves.
        context = {
            "reader_name": reader_name(context.get("user")),
            **context,
            "current_site": Outlet(settings.WAGTAIL_SITE_NAME, settings.SITE_URL),
        }
        super().send_mail(template_prefix, email, context)
