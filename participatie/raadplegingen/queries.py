"""What other apps and pages may ask of consultations: the open ones (the home page, a
district), and the district page's block. Titles, topics and dates only: no personal data
leaves here (the district page is cached for anonymous visitors), and each function makes one
query whatever the number of consultations.
"""

from django.urls import reverse

from .models import Raadpleging

# The district page's block shows at most this many open consultations.
OP_WIJKPAGINA = 5


def open_raadplegingen(wijk=None, limit: int | None = 3) -> list[dict]:
    """Open consultations, closing first; for ``wijk``: its own and the citywide ones."""
    raadplegingen = Raadpleging.objects.open()
    if wijk is not None:
        raadplegingen = raadplegingen.voor_wijk(wijk)
    rijen = raadplegingen.order_by("sluit_op", "pk").values(
        "titel", "slug", "sluit_op", "stadsbreed", "doelgroep", "thema__naam"
    )
    if limit is not None:
        rijen = rijen[:limit]
    doelgroepen = dict(Raadpleging._meta.get_field("doelgroep").flatchoices)
    return [
        {
            "titel": rij["titel"],
            "url": reverse("raadplegingen:detail", kwargs={"slug": rij["slug"]}),
            "sluit_op": rij["sluit_op"],
            "stadsbreed": rij["stadsbreed"],
            "doelgroep": doelgroepen.get(rij["doelgroep"], rij["doelgroep"]),
            "thema": rij["thema__naam"],
        }
        for rij in rijen
    ]


def wijkblok_raadplegingen(wijk, request) -> dict | None:
    """The district page's block (portal.core.wijkblokken); None while nothing is open."""
    rijen = open_raadplegingen(wijk, limit=OP_WIJKPAGINA + 1)
    if not rijen:
        return None
    return {
        "raadplegingen": rijen[:OP_WIJKPAGINA],
        "meer": len(rijen) > OP_WIJKPAGINA,
        "lijst_url": reverse("raadplegingen:lijst"),
    }
