from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageviewsConfig(AppConfig):
    name = "masthead.pageviews"
    label = "pageviews"
    verbose_name = _("Page views")
