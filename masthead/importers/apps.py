from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportersConfig(AppConfig):
    name = "masthead.importers"
    label = "importers"
    verbose_name = _("Importers")

    def ready(self):
        from masthead.importers.signal_handlers import register_signal_handlers

        register_signal_handlers()
