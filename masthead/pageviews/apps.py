from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageviewsConfig(AppConfig):
    name = "masthead.pageviews"
    label = "pageviews"
    verbose_name = _("Page views")

    def ready(self):
        from masthead.pageviews.signal_handlers import register_signal_handlers

        register_signal_handlers()
