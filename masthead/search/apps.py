from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "masthead_search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from masthead.search.signal_handlers import register_signal_handlers

        register_signal_handlers()
