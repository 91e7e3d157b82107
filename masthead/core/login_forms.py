"""The admin's and the readers' login forms, saying why a sign-in was refused before the password was checked.

Both refuse through `masthead.core.auth` (too many failures, or no store to
count them); without these the reader would only read "wrong password".
Settings: WAGTAILADMIN_USER_LOGIN_FORM and ACCOUNT_FORMS["login"].
"""

from allauth.account.forms import LoginForm
from django.core.exceptions import ValidationError
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from masthead.core.auth import refusal_message


class AdminLoginForm(WagtailLoginForm):
    def get_invalid_login_error(self):
        message = refusal_message(self.request) if self.request is not None else None
        if message:
            return ValidationError(message, code="throttled")
        return super().get_invalid_login_error()


class ReaderLoginForm(LoginForm):
    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            message = refusal_message(self.request) if self.request is not None else None
            if message:
                raise ValidationError(message, code="throttled") from None
            raise
