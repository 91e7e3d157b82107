"""StreamField blocks shared by every page type that carries text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "superscript", "subscript", "strikethrough"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=200)
    language = blocks.ChoiceBlock(
        label=_("Language of the quote"),
        choices=[("", _("Same as the article")), ("ru", _("Russian")), ("en", _("English"))],
        required=False,
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(label=_("Credit"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=_("Paragraph"), template="blocks/paragraph.html"
    )
    subheading = blocks.CharBlock(
        max_length=200, label=_("Subheading"), icon="title", template="blocks/subheading.html"
    )
    quote = QuoteBlock()
    image = ImageBlock()
    embed = EmbedBlock(label=_("Embed"), icon="media")
