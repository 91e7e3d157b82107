from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_delete, post_save

from wagtail.models import PageViewRestriction

from masthead.core.auth import count_failure
from masthead.core.freshness import bump_content_version
from masthead.core.models import SiteSettings, SubscribeChannel


def register_signal_handlers():
    for model in (SiteSettings, SubscribeChannel):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"masthead_fresh_save_{model.__name__}")
        post_delete.connect(bump_content_version, sender=model, dispatch_uid=f"masthead_fresh_del_{model.__name__}")
    post_save.connect(bump_content_version, sender=PageViewRestriction, dispatch_uid="masthead_restrictions_save")
    post_delete.connect(bump_content_version, sender=PageViewRestriction, dispatch_uid="masthead_restrictions_del")
    # Every failed sign-in counts, whichever backend refused it (masthead/core/auth.py).
    user_login_failed.connect(count_failure, dispatch_uid="masthead_login_failures")
