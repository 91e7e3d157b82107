"""The peer's article: what a plain Wagtail tutorial site models, without Masthead's extras."""

import calendar

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False)

    class Meta:
        template = "news/blocks/quote.html"


class ArticlePage(Page):
    intro = RichTextField(blank=True)
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock()),
            ("subheading", blocks.CharBlock(template="news/blocks/subheading.html")),
            ("quote", QuoteBlock()),
        ],
        blank=True,
    )
    published_at = models.DateTimeField()

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("published_at"), FieldPanel("body")]

    def get_context(self, request, *args, **kwargs):
        """What a news site's frame shows around the story: sections, latest stories, the month's archive."""
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SECTIONS
        context["networks"] = NETWORKS
        context["topics"] = TOPICS
        context["imprint"] = IMPRINT
        context["latest"] = ArticlePage.objects.live().order_by("-published_at")[:10]
        context["weekdays"] = list(calendar.day_name)
        context["month"] = calendar.monthcalendar(self.published_at.year, self.published_at.month)
        return context


SECTIONS = [
    ("politics", "Politics"), ("economy", "Economy"), ("society", "Society"), ("world", "World"),
    ("culture", "Culture"), ("sport", "Sport"), ("science", "Science"), ("opinion", "Opinion"),
    ("regions", "Regions"), ("interviews", "Interviews"), ("photo", "Photo"), ("archive", "Archive"),
]
NETWORKS = [
    ("telegram", "https://t.me/share/url?url="), ("vk", "https://vk.com/share.php?url="),
    ("facebook", "https://www.facebook.com/sharer/sharer.php?u="), ("x", "https://x.com/intent/post?url="),
    ("email", "mailto:?body="),
]
TOPICS = ["Latest", "Analysis", "Explainers", "Interviews", "Opinion", "Data"]
IMPRINT = [
    "Peer Gazette is an independent newsroom. Registered as an online media outlet; the editorial office "
    "answers for what it publishes and corrects its errors openly, with a note under the corrected story.",
    "Editor-in-chief: A. Editor. Address of the editorial office: 1 Press Street, Capital City. "
    "Letters to the editor: letters@example.com. Advertising: ads@example.com. Press office: press@example.com.",
    "Reproduction of the materials is allowed with a hyperlink to the source. Stories marked as partner content "
    "are published on commercial terms. The site may contain content not intended for readers under 16.",
    "We use cookies to make the site work and to count readers. By continuing to read you agree to the privacy "
    "policy, which explains what is collected, why and for how long, and how to ask for it to be removed.",
]
