"""What pages may ask of the play-space map (no personal data leaves here).

Play spaces are read as dicts (``.values(*KAART_VELDEN)``), never as model instances, and
shaped for people by ``kenmerken``: the list on the map page, the map's GeoJSON and the
district page's block show the same labels, rating and example badge from one function.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Window
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext

from .constants import (
    CRITERIA,
    LEEFTIJDEN,
    VOORZIENINGEN,
    Bron,
    SpeelplekSoort,
    SpeelplekStatus,
    WensSoort,
    WensStatus,
)
from .models import Speelplek, Wens
from .statemachine import OPENBARE_WENSSTATUSSEN

GEMIDDELDEN = tuple(f"gem_{criterium}" for criterium in CRITERIA)
KAART_VELDEN = (
    "pk",
    "slug",
    "naam",
    "soort",
    "status",
    "bron",
    "lat",
    "lon",
    *LEEFTIJDEN,
    *VOORZIENINGEN,
    "aantal_waarderingen",
    *GEMIDDELDEN,
)
LIJST_VELDEN = (*KAART_VELDEN, "buurt__naam", "wijk__naam", "wijk__slug")

# The map and the list show at most this many wishes (most supported first).
MAX_WENSEN = 100
# The district page names this many best-rated play spaces.
BESTE_OP_WIJKPAGINA = 3


class Labels:
    """Translated labels, looked up once per response instead of once per play space."""

    def __init__(self):
        self.soort = {code: str(label) for code, label in SpeelplekSoort.choices}
        self.status = {code: str(label) for code, label in SpeelplekStatus.choices}
        self.leeftijd = {veld: str(label) for veld, label in LEEFTIJDEN.items()}
        self.voorziening = {veld: str(label) for veld, label in VOORZIENINGEN.items()}
        self.wens_soort = {code: str(label) for code, label in WensSoort.choices}
        self.wens_status = {code: str(label) for code, label in WensStatus.choices}
        # "/speelkaart/<slug>/" without a reverse() per row.
        self.url_voor, self.url_na = reverse("speelkaart:detail", kwargs={"slug": "SLUG"}).split(
            "SLUG"
        )
        self._waarderingen: dict[tuple, str] = {}

    def url(self, slug: str) -> str:
        return f"{self.url_voor}{slug}{self.url_na}"

    def waardering(self, gem: Decimal | None, aantal: int) -> str:
        """``waardering_tekst``, remembered: thousands of play spaces share a few hundred."""
        sleutel = (gem, aantal)
        if sleutel not in self._waarderingen:
            self._waarderingen[sleutel] = waardering_tekst(gem, aantal)
        return self._waarderingen[sleutel]


def gemiddelde(rij: dict) -> Decimal | None:
    """The overall average (1–5) of a play space: the mean of its criteria's averages (every
    rating scores every criterion), one decimal; None while it has no ratings."""
    waarden = [rij[veld] for veld in GEMIDDELDEN if rij.get(veld) is not None]
    if not rij.get("aantal_waarderingen") or not waarden:
        return None
    return (sum(Decimal(w) for w in waarden) / len(waarden)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def waardering_tekst(gem: Decimal | None, aantal: int) -> str:
    """The rating as people read it ("4,2 out of 5 (12 ratings)"), or that there is none."""
    if gem is None:
        return gettext("Not rated yet")
    return ngettext(
        "%(gem)s out of 5 (%(aantal)d rating)",
        "%(gem)s out of 5 (%(aantal)d ratings)",
        aantal,
    ) % {"gem": formats.number_format(gem, 1, use_l10n=True), "aantal": aantal}


def kenmerken(rij: dict, labels: Labels) -> dict:
    """A play space (a dict of KAART_VELDEN) as people read it."""
    gem = gemiddelde(rij)
    return {
        "pk": rij["pk"],
        "slug": rij["slug"],
        "naam": rij["naam"],
        "url": labels.url(rij["slug"]),
        "soort": labels.soort.get(rij["soort"], rij["soort"]),
        "status": labels.status.get(rij["status"], rij["status"]),
        "is_open": rij["status"] == SpeelplekStatus.OPEN,
        "leeftijden": [label for veld, label in labels.leeftijd.items() if rij[veld]],
        "voorzieningen": [label for veld, label in labels.voorziening.items() if rij[veld]],
        "gemiddelde": gem,
        "aantal_waarderingen": rij["aantal_waarderingen"],
        "waardering_tekst": labels.waardering(gem, rij["aantal_waarderingen"]),
        "is_voorbeeld": rij["bron"] == Bron.VOORBEELD,
    }


def afstand_tekst(meter: float) -> str:
    """A distance as the Dutch read it: "350 m", "1,2 km"."""
    if meter < 1000:
        return f"{max(10, round(meter, -1)):.0f} m"
    return f"{formats.number_format(meter / 1000, 1, use_l10n=True)} km"


def openbare_wensen(wijk_id: int | None = None):
    """Published wishes (at most MAX_WENSEN, most supported first) as dicts; no resident."""
    wensen = Wens.objects.filter(status__in=OPENBARE_WENSSTATUSSEN)
    if wijk_id is not None:
        wensen = wensen.filter(wijk_id=wijk_id)
    return wensen.order_by("-aantal_steun", "-aangemaakt", "-pk").values(
        "pk",
        "titel",
        "soort",
        "status",
        "lat",
        "lon",
        "aantal_steun",
        "buurt__naam",
        "speelplek__naam",
        "speelplek__slug",
    )[:MAX_WENSEN]


def wens_kenmerken(rij: dict, labels: Labels) -> dict:
    slug = rij["speelplek__slug"]
    return {
        "pk": rij["pk"],
        "titel": rij["titel"],
        "soort": labels.wens_soort.get(rij["soort"], rij["soort"]),
        "status": labels.wens_status.get(rij["status"], rij["status"]),
        "aantal_steun": rij["aantal_steun"],
        "steun_tekst": ngettext(
            "Supported by %(aantal)d resident",
            "Supported by %(aantal)d residents",
            rij["aantal_steun"],
        )
        % {"aantal": rij["aantal_steun"]}
        if rij["aantal_steun"]
        else "",
        "buurt": rij["buurt__naam"],
        "speelplek": rij["speelplek__naam"],
        "speelplek_url": labels.url(slug) if slug else None,
    }


def wijkblok_speelplekken(wijk, request):
    """The district page's block (portal.core.wijkblokken): how many play spaces the district
    has, a link to them on the map and the best rated ones. One query (the count comes with
    the rows through a window function); None while the district has none, so the block is
    left out."""
    score = sum((F(veld) for veld in GEMIDDELDEN[1:]), F(GEMIDDELDEN[0])) / len(GEMIDDELDEN)
    rijen = list(
        Speelplek.objects.filter(wijk=wijk)
        .annotate(totaal=Window(Count("pk")), score=score)
        .order_by(F("score").desc(nulls_last=True), "naam", "pk")
        .values(*KAART_VELDEN, "totaal")[:BESTE_OP_WIJKPAGINA]
    )
    if not rijen:
        return None
    labels = Labels()
    return {
        "aantal": rijen[0]["totaal"],
        "kaart_url": f"{reverse('speelkaart:kaart')}?wijk={wijk.slug}",
        "beste": [kenmerken(r, labels) for r in rijen if r["aantal_waarderingen"]],
    }
