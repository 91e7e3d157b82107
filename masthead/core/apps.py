from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        from masthead.core.sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="masthead_unicode_like")

        from masthead.core.signal_handlers import register_signal_handlers

        register_signal_handlers()

        from masthead.core.admin_wording import word_the_new_page_heading

        word_the_new_page_heading()
