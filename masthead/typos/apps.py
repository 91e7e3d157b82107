from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TyposConfig(AppConfig):
    name = "masthead.typos"
    label = "typos"
    verbose_name = _("Typo reports")

    def ready(self):
        from masthead.typos.signal_handlers import register_signal_handlers

        register_signal_handlers()
