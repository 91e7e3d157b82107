from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from masthead.comments.signal_handlers import register_signal_handlers

        register_signal_handlers()
