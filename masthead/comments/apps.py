from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "masthead.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from masthead.comments import signal_handlers
        from masthead.readers.signals import reader_renamed

        reader_renamed.connect(signal_handlers.reader_renamed, dispatch_uid="comments.reader_renamed")
