"""allauth, told who is asking the way the rest of the site is told.

allauth keys its own limits (sign-ups, password resets, confirmation mails) on
the client's address. By default it reads that itself, so behind the proxy every
reader would share the proxy's address and one busy minute would refuse them
all; here it comes from `masthead.core.identity`, which believes X-Forwarded-For
only from TRUSTED_PROXIES.
"""

from allauth.account.adapter import DefaultAccountAdapter

from masthead.core.identity import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        return client_ip(request) or super().get_client_ip(request)
