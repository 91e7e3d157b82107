"""Writes to a reader's profile, one function per action; other apps hear of them through signals."""

from django.db import transaction

from masthead.readers.models import ReaderProfile
from masthead.readers.signals import reader_renamed


def profile_create(*, user, display_name: str, language: str, consented_at=None) -> ReaderProfile:
    """The profile of a new account, with the name and the consent given at sign-up (already checked by the form)."""
    profile, _created = ReaderProfile.objects.update_or_create(
        user=user,
        defaults={"display_name": display_name, "language": language, "personal_data_consent_at": consented_at},
    )
    return profile


def profile_update(*, user, display_name: str, notify_replies: bool) -> ReaderProfile:
    """Save the reader's choices; a new name is announced (`reader_renamed`) once it is committed."""
    with transaction.atomic():
        profile, _created = ReaderProfile.objects.select_for_update().get_or_create(user=user)
        old_name = profile.display_name
        profile.display_name = display_name
        profile.notify_replies = notify_replies
        profile.save(update_fields=["display_name", "notify_replies"])
        if old_name != display_name:
            transaction.on_commit(
                lambda: reader_renamed.send(sender=ReaderProfile, user=user, old_name=old_name, new_name=display_name)
            )
    return profile
