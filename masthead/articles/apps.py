from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "masthead.articles"
    label = "articles"
    verbose_name = _("Articles")

    def ready(self):
        from masthead.articles.signal_handlers import register_signal_handlers

        register_signal_handlers()
