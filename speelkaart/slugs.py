"""Unique slugs for play spaces, shared by the admin form, the import and the demo loader.

A play space's slug is its public URL (``/speelkaart/<slug>/``): made once from the name when
the play space is created and kept when the name changes later, so links stay valid.
"""

from django.utils.text import slugify

from .models import Speelplek

MAX_LENGTE = Speelplek._meta.get_field("slug").max_length
RESERVE = "speelplek"  # for a name without a single letter or digit


def unieke_slug(naam: str, *, behalve_pk: int | None = None) -> str:
    """``slugify(naam)``, with ``-2``, ``-3``, … when another play space has it already."""
    basis = slugify(naam)[: MAX_LENGTE - 6].strip("-") or RESERVE
    bezet = Speelplek.objects.filter(slug__startswith=basis)
    if behalve_pk is not None:
        bezet = bezet.exclude(pk=behalve_pk)
    bezet = set(bezet.values_list("slug", flat=True))
    kandidaat, volgnummer = basis, 1
    while kandidaat in bezet:
        volgnummer += 1
        kandidaat = f"{basis}-{volgnummer}"
    return kandidaat
