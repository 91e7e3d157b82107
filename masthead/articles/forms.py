"""The article editor's form: what a draft may lack, and what publishing asks for.

A draft is a notebook: it may be saved with a headline alone, before its authors
and rubrics are known. Publishing (or submitting to moderation, or scheduling)
asks for at least one of each, since every listing and byline reads them.
Wagtail tells the two apart for us: saving a draft calls
`defer_required_fields()` on the form, publishing does not.
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

ABANDONED_AFTER = dt.timedelta(minutes=10)

REQUIRED_TO_PUBLISH = {
    "article_authors": (_("Add an author before publishing."), "author"),
    "article_rubrics": (_("Add a rubric before publishing."), "rubric"),
}


def chosen_count(formset, field: str) -> int:
    """Children kept by this submission with `field` chosen (new, unchanged or edited; not deleted)."""
    count = 0
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get(field) and not data.get("DELETE"):
            count += 1
    return count


def free_slug(slug: str, parent: Page, page: Page) -> str:
    """`slug`, or the next free `slug-N` when only abandoned drafts hold it.

    Wagtail autosaves a new page as soon as it has a headline, so an article begun
    and abandoned stays behind as a draft. It must not stop the next article with
    the same headline: nobody has read it under that address. A draft counts as
    abandoned when it was never published and nobody has saved it for
    ABANDONED_AFTER; a fresher one is likely this very article, autosaved a moment
    before a stale form was sent again, and Wagtail's "slug in use" is then the
    right answer rather than a silent second copy. A published page keeps its
    claim, and so does a page that is itself live, whose address readers know.
    """
    if page.pk is None:  # a new page's `live` is only the field's default
        siblings = parent.get_children()
    elif page.live:
        return slug
    else:
        siblings = parent.get_children().exclude(pk=page.pk)
    holders = siblings.filter(slug=slug)
    cutoff = timezone.now() - ABANDONED_AFTER
    claimed = holders.exclude(first_published_at=None) | holders.filter(latest_revision_created_at__gte=cutoff)
    if not holders.exists() or claimed.exists():
        return slug
    taken = set(siblings.filter(slug__startswith=f"{slug}-").values_list("slug", flat=True))
    number = 2
    while f"{slug}-{number}" in taken:
        number += 1
    return f"{slug}-{number}"


class ArticlePageForm(WagtailAdminPageForm):
    def check_story_of_the_day(self, cleaned_data) -> None:
        """One story per day and edition: a date another story holds in a shared edition is refused, with its name."""
        day = cleaned_data.get("story_of_the_day")
        article = self.instance
        # Only a date the editor sets now: an imported archive may already hold two stories on a day, and
        # editing one of them must not ask to clear a date nobody touched.
        if not day or (article.pk and day == article.story_of_the_day):
            return
        article.language = cleaned_data.get("language", article.language)
        article.cross_posted = cleaned_data.get("cross_posted", article.cross_posted)
        holder = article.other_story_of_the_day(day)
        if holder is not None:
            self.add_error("story_of_the_day", _(
                "“%(title)s” is already the story of the day on this date in this edition. Clear its date first."
            ) % {"title": holder.title})

    def clean_title(self):
        # The headline's field grows with its text (a textarea), but a headline is one line.
        return re.sub(r"\s+", " ", self.cleaned_data["title"]).strip()

    def clean(self):
        slug = self.cleaned_data.get("slug")
        if slug and self.parent_page is not None:
            self.cleaned_data["slug"] = free_slug(slug, self.parent_page, self.instance)
        cleaned_data = super().clean()
        self.check_story_of_the_day(cleaned_data)
        if not self.is_deferred_validation:
            for relation, (message, field) in REQUIRED_TO_PUBLISH.items():
                formset = self.formsets.get(relation)
                if formset is not None and formset.is_valid() and chosen_count(formset, field) == 0:
                    # A form-wide error: the formset has no field of its own to carry it.
                    self.add_error(None, message)
        return cleaned_data
