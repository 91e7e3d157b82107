"""Reader-facing forms: the comment and the appeal; and the moderators' block form."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from masthead.comments.models import Block
from masthead.comments.policy.normalize import TO_LATIN, clean_text, fold
from masthead.readers.names import clean_display_name

# Names only staff may appear under; compared after look-alikes are folded ("Αdmin").
RESERVED_NAMES = {
    "admin", "administrator", "administration", "editor", "editorial", "editors", "moderator", "staff", "masthead",
    "support", "newsroom", "админ", "администратор", "администрация", "редакция", "редактор", "модератор",
    "модерация", "поддержка",
}
_RESERVED_LATIN = {name.translate(TO_LATIN) for name in RESERVED_NAMES}


def validate_display_name(name: str) -> None:
    """Refuse names that pass for the newsroom, in any script or disguise.

    Run on every display name through the `masthead_display_name_checks` hook (wagtail_hooks.py).
    """
    folded = fold(clean_text(name)).text
    words = "".join(c if c.isalnum() else " " for c in folded).split()
    readings = set(words) | {w.translate(TO_LATIN) for w in words} | {"".join(words), "".join(words).translate(TO_LATIN)}
    if readings & (RESERVED_NAMES | _RESERVED_LATIN):
        raise ValidationError(_("This name is reserved for the newsroom. Please choose another."), code="reserved")


def clean_comment_text(value: str) -> str:
    """NUL refused, other control characters stripped, size capped before any matching."""
    if "\x00" in value:
        raise ValidationError(_("The text contains a NUL character."), code="nul")
    limit = settings.COMMENTS_MAX_CHARS
    if len(value) > limit:
        raise ValidationError(
            _("The comment is too long: %(length)d characters, at most %(limit)d.") % {"length": len(value), "limit": limit},
            code="too_long",
        )
    return clean_text(value)


class CommentTextField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Your comment"))
        kwargs.setdefault("strip", False)
        super().__init__(widget=forms.Textarea(attrs={"rows": 5}), **kwargs)

    def to_python(self, value):
        # The cap is checked on the raw value so a 1 MB body is refused, not truncated.
        return clean_comment_text(super().to_python(value) or "")


class CommentForm(forms.Form):
    text = CommentTextField()
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    guest_name = forms.CharField(label=_("Your name"), max_length=60, required=False)
    guest_email = forms.EmailField(label=_("Your e-mail (not shown)"), max_length=254, required=False)

    def __init__(self, *args, guest: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.guest = guest
        if guest:
            self.fields["guest_name"].required = True
            self.fields["guest_email"].required = True
        else:
            del self.fields["guest_name"]
            del self.fields["guest_email"]
        self.fields["text"].widget.attrs["maxlength"] = settings.COMMENTS_MAX_CHARS

    def clean_guest_name(self):
        # A guest's name is a display name like a reader's: the same one check.
        name = self.cleaned_data.get("guest_name", "")
        return clean_display_name(name) if name else name


class CommentEditForm(forms.Form):
    text = CommentTextField()


class AppealForm(forms.Form):
    text = forms.CharField(label=_("Your appeal"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}))

    def clean_text(self):
        value = self.cleaned_data["text"]
        if "\x00" in value:
            raise ValidationError(_("The text contains a NUL character."))
        return clean_text(value)


class AppealTargetForm(forms.Form):
    """What an appeal is against, by number: a comment or a block (the view checks they are the reader's)."""

    comment = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    block = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class BlockForm(forms.ModelForm):
    class Meta:
        model = Block
        fields = ["reason", "until", "notify"]
        widgets = {"until": forms.DateTimeInput(attrs={"type": "datetime-local"})}


class AppealAnswerForm(forms.Form):
    granted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Grant")), ("0", _("Deny"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label=_("Answer to the reader"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
