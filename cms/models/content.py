"""Plain content pages and the footer links setting."""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from ..inhoudsversie import nieuwe_inhoudsversie
from .basis import RICHTEXT_FEATURES, BasePage


class ContentPage(BasePage):
    """A plain page: accessibility statement, privacy statement, background information."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    subpage_types = ["cms.ContentPage"]

    class Meta:
        verbose_name = _("content page")


@register_setting(icon="link")
class SiteLinks(BaseSiteSetting):
    """Pages the footer links to on every page, chosen by editors."""

    toegankelijkheidsverklaring = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacyverklaring = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("toegankelijkheidsverklaring"), FieldPanel("privacyverklaring")]

    class Meta:
        verbose_name = _("footer links")


# The navigation of a site (cms.context_processors.navigatie): menu, listing pages, footer links,
# per content version (cms/inhoudsversie.py).
NAVIGATIE_CACHE_KEY = "cms:navigatie:{site_id}:{versie}"


@receiver(post_save, sender=SiteLinks)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def vergeet_gepubliceerde_inhoud(sender, **kwargs):
    """Published content changed: caches keyed by the content version are missed from now."""
    nieuwe_inhoudsversie()
