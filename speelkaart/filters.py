"""The filters of the play-space map: one form for the page, its list and its GeoJSON.

``FilterForm`` (kind, age groups, facilities, district) selects play spaces. The map page and
``speelplekken.geojson`` validate the same query string with it, and the page hands the map
exactly the valid filters it applied to the list (``FilterForm.params``), so the map and the
list always show the same play spaces.

``KaartFilterForm`` adds "near": a neighbourhood, an address (the optional geocoder,
portal.gebieden.geocoder) or the browser's location (``lat``/``lon``, filled in by
static/js/speelkaart.js only when the visitor asks). A chosen neighbourhood or typed address
wins over a location still in the query string from an earlier search; a neighbourhood *and*
an address is a question the form sends back.

Bad values never raise: the form reports them in Dutch and ``speelplekken()`` applies the fields
that are valid (Django drops invalid fields from ``cleaned_data``).

Districts and neighbourhoods (names, and each neighbourhood's middle for "near") are kept in
the cache per boundary version (portal.gebieden.geojson.grensversie), so rendering the form
costs no query once warm.
"""

import math

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import FloatField, Q, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from shapely.geometry import shape

from portal.gebieden import geocoder
from portal.gebieden.geocoder import zoek_adres
from portal.gebieden.geojson import grensversie
from portal.gebieden.models import Buurt, Wijk

from .constants import LEEFTIJDEN, VOORZIENINGEN, SpeelplekSoort
from .models import Speelplek

GEBIEDEN_SLEUTEL = "speelkaart:gebiedskeuzes:{versie}"
GEBIEDEN_SECONDEN = 60 * 60

GEOCODER_UIT = _(
    "Searching by address is not possible at the moment. Choose a neighbourhood instead."
)
ADRES_ONBEKEND = _(
    "We cannot find this address in Delft. Check the street and house number, or choose a "
    "neighbourhood."
)
BUURT_EN_ADRES = _("Choose a neighbourhood or fill in an address, not both.")
LOCATIE_ONBRUIKBAAR = _(
    "Your location could not be used. Choose a neighbourhood or fill in an address."
)


def gebiedskeuzes() -> dict:
    """``wijken``: [(pk, slug, naam)] in the districts' order; ``buurten``: {slug: (naam,
    wijk naam, lat, lon)} by name, the point being the neighbourhood's centroid. Cached per
    boundary version for an hour (a renamed district shows within the hour)."""
    sleutel = GEBIEDEN_SLEUTEL.format(versie=grensversie().isoformat())
    keuzes = cache.get(sleutel)
    if keuzes is None:
        wijken = list(Wijk.objects.order_by("volgorde", "naam").values_list("pk", "slug", "naam"))
        wijknamen = {pk: naam for pk, _slug, naam in wijken}
        buurten = {}
        for buurt in Buurt.objects.order_by("naam").only("slug", "naam", "wijk_id", "grens"):
            if not buurt.grens:
                continue
            middelpunt = shape(buurt.grens).centroid
            buurten[buurt.slug] = (
                buurt.naam,
                wijknamen.get(buurt.wijk_id, ""),
                round(middelpunt.y, 6),
                round(middelpunt.x, 6),
            )
        keuzes = {"wijken": wijken, "buurten": buurten}
        cache.set(sleutel, keuzes, GEBIEDEN_SECONDEN)
    return keuzes


class FilterForm(forms.Form):
    """What the list and the map show. Age groups: any of the ticked ones; facilities: all."""

    soort = forms.ChoiceField(
        label=_("Kind of play space"),
        required=False,
        choices=[("", _("All kinds"))] + list(SpeelplekSoort.choices),
    )
    wijk = forms.ChoiceField(label=_("District"), required=False)
    leeftijd = forms.MultipleChoiceField(
        label=_("Age group"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(LEEFTIJDEN.items()),
        help_text=_("Play spaces for at least one of the ages you tick."),
    )
    voorziening = forms.MultipleChoiceField(
        label=_("Accessibility and facilities"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(VOORZIENINGEN.items()),
        help_text=_("Only play spaces that have everything you tick."),
    )

    # The fields that select play spaces (the GeoJSON's query string), in this order.
    FILTERVELDEN = ("soort", "wijk", "leeftijd", "voorziening")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.gebieden = gebiedskeuzes()
        self.fields["wijk"].choices = [("", _("All districts"))] + [
            (slug, naam) for _pk, slug, naam in self.gebieden["wijken"]
        ]

    def geldig(self) -> dict:
        """The valid filter values (validates the form once)."""
        self.is_valid()
        return {
            veld: self.cleaned_data[veld] for veld in self.FILTERVELDEN if veld in self.cleaned_data
        }

    def params(self) -> list[tuple[str, str]]:
        """The valid filters as query-string pairs in a fixed order (empty ones left out): the
        GeoJSON URL of the page's map and the key of the cached GeoJSON."""
        paren = []
        for veld, waarde in self.geldig().items():
            waarden = sorted(waarde) if isinstance(waarde, list) else [waarde]
            paren += [(veld, w) for w in waarden if w]
        return paren

    def gekozen_wijk(self) -> tuple[int, str, str] | None:
        """(pk, slug, naam) of the chosen district, or None."""
        slug = self.geldig().get("wijk")
        return next((w for w in self.gebieden["wijken"] if w[1] == slug), None) if slug else None

    def filter(self, speelplekken):
        waarden = self.geldig()
        if waarden.get("soort"):
            speelplekken = speelplekken.filter(soort=waarden["soort"])
        wijk = self.gekozen_wijk()
        if wijk:
            speelplekken = speelplekken.filter(wijk_id=wijk[0])
        if waarden.get("leeftijd"):
            voor_een_van = Q()
            for leeftijd in waarden["leeftijd"]:
                voor_een_van |= Q(**{leeftijd: True})
            speelplekken = speelplekken.filter(voor_een_van)
        if waarden.get("voorziening"):
            speelplekken = speelplekken.filter(**dict.fromkeys(waarden["voorziening"], True))
        return speelplekken

    def speelplekken(self):
        """The filtered play spaces (a queryset, ordered by name)."""
        return self.filter(Speelplek.objects.all()).order_by("naam", "pk")


class KaartFilterForm(FilterForm):
    """The map page's form: the filters, and where the visitor is (sorts by distance)."""

    buurt = forms.ChoiceField(label=_("Near a neighbourhood"), required=False)
    straat = forms.CharField(label=_("Street"), required=False, max_length=100)
    huisnummer = forms.CharField(label=_("House number"), required=False, max_length=12)
    lat = forms.CharField(required=False, widget=forms.HiddenInput, max_length=30)
    lon = forms.CharField(required=False, widget=forms.HiddenInput, max_length=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.punt: tuple[float, float] | None = None
        self.punt_omschrijving = ""
        per_wijk: dict[str, list] = {naam: [] for _pk, _slug, naam in self.gebieden["wijken"]}
        for slug, (naam, wijk, _lat, _lon) in self.gebieden["buurten"].items():
            per_wijk.setdefault(wijk, []).append((slug, naam))
        self.fields["buurt"].choices = [("", _("No neighbourhood"))] + [
            (wijk, buurten) for wijk, buurten in per_wijk.items() if buurten
        ]
        self.fields["straat"].widget.attrs["autocomplete"] = "address-line1"

    def clean(self):
        data = super().clean()
        buurt, straat, huisnummer = (data.get(v) for v in ("buurt", "straat", "huisnummer"))
        if buurt and (straat or huisnummer):
            self.add_error("buurt", BUURT_EN_ADRES)
        elif buurt:
            naam, _wijk, lat, lon = self.gebieden["buurten"][buurt]
            self.punt, self.punt_omschrijving = (lat, lon), naam
        elif straat or huisnummer:
            self._zoek_adres(straat, huisnummer)
        elif data.get("lat") or data.get("lon"):
            self._lees_locatie(data.get("lat"), data.get("lon"))
        return data

    def _zoek_adres(self, straat: str, huisnummer: str) -> None:
        if not straat:
            self.add_error("straat", _("Fill in the street too."))
        if not huisnummer:
            self.add_error("huisnummer", _("Fill in the house number too."))
        if not (straat and huisnummer):
            return
        punt = zoek_adres(straat, huisnummer)
        if punt is None:
            # Switched off, or paused after a failure (portal.gebieden.geocoder): say so,
            # rather than that the address does not exist.
            uit = not settings.GEOCODER_URL or cache.get(geocoder.PAUZE_SLEUTEL)
            self.add_error("straat", GEOCODER_UIT if uit else ADRES_ONBEKEND)
            return
        self.punt, self.punt_omschrijving = punt, f"{' '.join(straat.split())} {huisnummer}"

    def _lees_locatie(self, lat: str, lon: str) -> None:
        try:
            lat_f, lon_f = float(lat), float(lon)
        except (TypeError, ValueError):
            lat_f = lon_f = math.nan
        if not (-90 <= lat_f <= 90 and -180 <= lon_f <= 180):  # also refuses nan and infinity
            self.add_error(None, LOCATIE_ONBRUIKBAAR)
            return
        self.punt, self.punt_omschrijving = (lat_f, lon_f), str(_("your location"))

    def speelplekken(self):
        """The filtered play spaces; with a point nearest first. The database orders by an
        equirectangular distance (exact enough within a city to order by), so the list can be
        paginated in SQL; the page shows the great-circle distance of its rows."""
        speelplekken = super().speelplekken()
        if self.punt is None:
            return speelplekken
        lat, lon = self.punt
        schaal = math.cos(math.radians(lat))
        dlat = Cast("lat", FloatField()) - Value(lat, output_field=FloatField())
        dlon = (Cast("lon", FloatField()) - Value(lon, output_field=FloatField())) * Value(
            schaal, output_field=FloatField()
        )
        return speelplekken.annotate(afstand_kwadraat=dlat * dlat + dlon * dlon).order_by(
            "afstand_kwadraat", "naam", "pk"
        )
