"""News (NieuwsPage) and events (AgendaPage), written under a district page or under the
citywide listing pages (NieuwsIndexPage, AgendaIndexPage).

``wijk`` is stored on each item so listings, feeds and search filter by district in one query:
under a district page it follows that page (set on save); under a citywide listing an editor
may choose it or leave it empty (news for the whole city).

The listings filter by district with ``?wijk=<slug>`` (an unknown slug is a 404) and paginate
with ``?pagina=``. Feeds are routes (RoutablePageMixin; Wagtail serves only slug-like path
segments, hence no ``.ics`` suffix): ``<news listing>/feed/atom/`` and ``feed/rss/``,
``<events listing>/ical/``, each taking ``?wijk=``, and ``<event>/ical/`` for one event
(cms/feeds.py). Which items are public, and in which order, is cms/berichten_queries.py's
answer; those modules import the models, so they are imported here inside the methods.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from portal.gebieden.models import Wijk

from ..blokken import InhoudBlokken
from .basis import RICHTEXT_FEATURES, BasePage
from .partners import Partner

PER_PAGINA = 20


class WijkBerichtPage(BasePage):
    """What news and events share: a summary, free-form content and the district."""

    wijk = models.ForeignKey(
        Wijk,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Set automatically under a district page; empty means the whole city."),
    )
    samenvatting = models.TextField(
        _("summary"), max_length=300, help_text=_("Shown in lists and feeds.")
    )
    inhoud = StreamField(InhoudBlokken(), verbose_name=_("content"), blank=True)

    search_fields = BasePage.search_fields + [
        index.SearchField("samenvatting"),
        index.SearchField("inhoud"),
        index.FilterField("wijk"),
    ]
    subpage_types = []

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Under a district page the district is that page's; elsewhere the editor's choice.
        ouder = self.get_parent() if self.pk or self.path else None
        if ouder is not None and ouder.specific_class.__name__ == "WijkPage":
            self.wijk_id = ouder.specific.wijk_id
        super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .wijk import WijkPage  # wijk.py imports cms.berichten_queries, which imports us

        context = super().get_context(request, *args, **kwargs)
        context["wijkpagina"] = (
            WijkPage.objects.live()
            .filter(wijk_id=self.wijk_id)
            .select_related("wijk")
            .only("title", "url_path", "wijk__naam")
            .first()
            if self.wijk_id
            else None
        )
        return context


class NieuwsPage(WijkBerichtPage):
    datum = models.DateField(_("date"), default=timezone.localdate)

    content_panels = BasePage.content_panels + [
        FieldPanel("datum"),
        FieldPanel("samenvatting"),
        FieldPanel("inhoud"),
        FieldPanel("wijk"),
    ]
    parent_page_types = ["cms.WijkPage", "cms.NieuwsIndexPage"]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        ordering = ["-datum", "-pk"]


class Toegankelijkheid(models.TextChoices):
    TOEGANKELIJK = "toegankelijk", _("Accessible for wheelchairs")
    BEPERKT = "beperkt", _("Partly accessible")
    NIET = "niet", _("Not accessible for wheelchairs")
    ONBEKEND = "onbekend", _("Not known")


class AgendaPage(RoutablePageMixin, WijkBerichtPage):
    begin = models.DateTimeField(_("starts"))
    einde = models.DateTimeField(_("ends"), null=True, blank=True)
    plaats = models.CharField(_("place"), max_length=160)
    adres = models.CharField(_("address"), max_length=200, blank=True)
    organisator = models.ForeignKey(
        Partner,
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisator_naam = models.CharField(_("or: organiser's name"), max_length=160, blank=True)
    toegankelijkheid = models.CharField(
        _("accessibility of the venue"),
        max_length=14,
        choices=Toegankelijkheid.choices,
        default=Toegankelijkheid.ONBEKEND,
    )
    toegankelijkheid_toelichting = models.CharField(
        _("accessibility: details"),
        max_length=300,
        blank=True,
        help_text=_("For example: lift at the side entrance, hearing loop in the hall."),
    )

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("begin"), FieldPanel("einde")]),
        MultiFieldPanel(
            [
                FieldPanel("plaats"),
                FieldPanel("adres"),
                FieldPanel("toegankelijkheid"),
                FieldPanel("toegankelijkheid_toelichting"),
            ],
            heading=_("Where"),
        ),
        FieldRowPanel([FieldPanel("organisator"), FieldPanel("organisator_naam")]),
        FieldPanel("samenvatting"),
        FieldPanel("inhoud"),
        FieldPanel("wijk"),
    ]
    parent_page_types = ["cms.WijkPage", "cms.AgendaIndexPage"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["begin", "pk"]

    @property
    def organisator_tekst(self) -> str:
        return self.organisator.naam if self.organisator_id else self.organisator_naam

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.begin and self.einde and self.einde < self.begin:
            raise ValidationError({"einde": _("The end cannot be before the start.")})

    @path("ical/", name="ical")
    def ical(self, request):
        """This event as an iCalendar file ("add to calendar")."""
        from ..feeds import ical_antwoord

        return ical_antwoord(request, [self], naam=self.title, bestandsnaam=self.slug)


def _lijst_context(request, berichten_voor_wijk) -> dict:
    """Context of a listing: the district filter (``?wijk=``, 404 when unknown) and one page
    (``?pagina=``) of ``berichten_voor_wijk(wijk)``. ``filter_query`` (``wijk=<slug>`` or "")
    keeps the filter in pagination and feed links."""
    from ..berichten_queries import gekozen_wijk, wijken_voor_filter

    wijken = wijken_voor_filter()
    wijk = gekozen_wijk(request.GET.get("wijk"), wijken)
    pagina = Paginator(berichten_voor_wijk(wijk), PER_PAGINA).get_page(request.GET.get("pagina"))
    return {
        "wijken": wijken,
        "gekozen_wijk": wijk,
        "pagina": pagina,
        "filter_query": urlencode({"wijk": wijk.slug}) if wijk else "",
    }


class NieuwsIndexPage(RoutablePageMixin, BasePage):
    """All news of the city, filterable by district; feeds at ``feed/atom/`` and ``feed/rss/``."""

    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NieuwsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news listing")

    def get_context(self, request, *args, **kwargs):
        from ..berichten_queries import nieuws

        context = super().get_context(request, *args, **kwargs)
        context.update(_lijst_context(request, nieuws))
        return context

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        from ..feeds import NieuwsAtomFeed

        return NieuwsAtomFeed()(request, index=self)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        from ..feeds import NieuwsRssFeed

        return NieuwsRssFeed()(request, index=self)


class AgendaIndexPage(RoutablePageMixin, BasePage):
    """All coming events of the city, filterable by district; iCalendar at ``ical/``."""

    intro = RichTextField(_("introduction"), features=RICHTEXT_FEATURES, blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AgendaPage"]
    max_count = 1

    class Meta:
        verbose_name = _("events listing")

    def get_context(self, request, *args, **kwargs):
        from ..berichten_queries import komende_agenda

        context = super().get_context(request, *args, **kwargs)
        context.update(_lijst_context(request, komende_agenda))
        return context

    @path("ical/", name="ical")
    def ical(self, request):
        """The coming events (of one district with ``?wijk=``) as an iCalendar feed."""
        from ..berichten_queries import gekozen_wijk, komende_agenda
        from ..feeds import MAX_IN_FEED, ical_antwoord

        wijk = gekozen_wijk(request.GET.get("wijk"))
        naam = f"{self.title}: {wijk.naam}" if wijk else self.title
        activiteiten = list(komende_agenda(wijk)[:MAX_IN_FEED])
        return ical_antwoord(request, activiteiten, naam=naam, bestandsnaam=self.slug)
