"""Reader accounts: what a reader chose for themselves, whichever feature they use it for.

Comments show the display name and send reply e-mails; the newsletter and typo
reports will use the same profile, so it lives below them all.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReaderProfile(models.Model):
    """The name shown on the reader's comments, their mail preferences and language."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_profile")
    display_name = models.CharField(_("display name"), max_length=60, blank=True)
    notify_replies = models.BooleanField(_("e-mail me when someone replies to my comment"), default=True)
    language = models.CharField(_("language"), max_length=2, default="ru")
    # When the reader ticked the consent at sign-up (readers/forms.py); empty for accounts made before it was asked.
    personal_data_consent_at = models.DateTimeField(_("consent to the processing of personal data"), null=True, blank=True)

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")

    def __str__(self):
        return self.display_name or str(self.user)
