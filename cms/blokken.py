"""StreamField blocks for free-form page content (news, events, programmes).

Accessible by construction: headings are h2/h3 only (a page has one h1, its title), images
need alternative text unless an editor marks them decorative (Wagtail's ``ImageBlock``), and
rich text offers only the features in ``RICHTEXT_FEATURES``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

RICHTEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class CitaatBlok(blocks.StructBlock):
    tekst = blocks.TextBlock(label=_("quote"))
    bron = blocks.CharBlock(label=_("who said it"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blokken/citaat.html"


class CijferBlok(blocks.StructBlock):
    """A figure with its label, e.g. "86 residents took part"."""

    waarde = blocks.CharBlock(label=_("figure"), max_length=40)
    label = blocks.CharBlock(label=_("what it counts"), max_length=120)
    toelichting = blocks.CharBlock(label=_("explanation"), required=False, max_length=300)

    class Meta:
        icon = "table"
        label = _("Figure")
        template = "cms/blokken/cijfer.html"


class InhoudBlokken(blocks.StreamBlock):
    tekst = blocks.RichTextBlock(features=RICHTEXT_FEATURES, label=_("Text"))
    afbeelding = ImageBlock(label=_("Image"))
    citaat = CitaatBlok()

    class Meta:
        template = "cms/blokken/inhoud.html"


class CijferBlokken(blocks.StreamBlock):
    cijfer = CijferBlok()
