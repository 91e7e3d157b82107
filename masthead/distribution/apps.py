from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistributionConfig(AppConfig):
    name = "masthead.distribution"
    label = "distribution"
    verbose_name = _("Distribution")

    def ready(self):
        from masthead.distribution.signal_handlers import register_signal_handlers

        register_signal_handlers()
