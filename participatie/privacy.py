"""Applications in the privacy export, erasure and retention rules (see portal.accounts)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .constants import Status
from .models import Aanvraag, Bijlage
from .statemachine import AFGEHANDELD

# Kept after anonymisation: scheme, district, neighbourhood, street, amounts, dates, statuses
# and the public motivations of decisions (the budget and decision record).


def exporteer(user) -> list[dict]:
    aanvragen = (
        Aanvraag.objects.van(user)
        .select_related("regeling", "buurt", "wijk")
        .prefetch_related("huishoudens", "bijlagen", "wijzigingen")
    )
    return [
        {
            "referentie": a.referentie,
            "regeling": a.regeling.titel,
            "status": a.get_status_display(),
            "titel": a.titel,
            "omschrijving": a.omschrijving,
            "straat": a.straat,
            "huisnummer": a.huisnummer,
            "locatie": [a.locatie_lat, a.locatie_lon] if a.locatie_lat is not None else None,
            "buurt": a.buurt.naam if a.buurt else None,
            "wijk": a.wijk.naam if a.wijk else None,
            "activiteit_datum": a.activiteit_datum,
            "einddatum": a.einddatum,
            "vaste_tijden": a.vaste_tijden,
            "straatdeel": a.straatdeel,
            "gevraagd_bedrag": a.gevraagd_bedrag,
            "telefoon": a.telefoon,
            "naam": a.naam_aanvrager,
            "adres": a.adres_aanvrager,
            "iban": a.iban,
            "huishoudens": [
                {"adres": h.adres, "naam": h.naam, "akkoord": h.akkoord}
                for h in a.huishoudens.all()
            ],
            "bijlagen": [{"naam": b.naam, "soort": b.soort} for b in a.bijlagen.all()],
            "verantwoording": a.verantwoording,
            "geschiedenis": [
                {"op": w.op, "status": w.get_naar_display(), "toelichting": w.motivatie}
                for w in a.wijzigingen.all()
            ],
            "aangemaakt": a.aangemaakt,
        }
        for a in aanvragen
    ]


def _verwijder_bestanden(bijlagen) -> None:
    for bijlage in bijlagen:
        bijlage.bestand.delete(save=False)
    bijlagen.delete()


def anonimiseer(aanvragen) -> int:
    """Strip the personal data from applications that must be kept."""
    aantal = 0
    for aanvraag in aanvragen:
        _verwijder_bestanden(Bijlage.objects.filter(aanvraag=aanvraag))
        aanvraag.huishoudens.all().delete()
        Aanvraag.objects.filter(pk=aanvraag.pk).update(
            aanvrager=None,
            telefoon="",
            naam_aanvrager="",
            adres_aanvrager="",
            iban="",
            huisnummer="",
            omschrijving="",
            verantwoording="",
            locatie_lat=None,
            locatie_lon=None,
            geanonimiseerd=True,
        )
        aanvraag.wijzigingen.update(door=None)
        aantal += 1
    return aantal


def verwijder_concepten(concepten) -> int:
    aantal = 0
    for aanvraag in concepten:
        _verwijder_bestanden(Bijlage.objects.filter(aanvraag=aanvraag))
        aanvraag.delete()
        aantal += 1
    return aantal


def wis(user) -> None:
    """Account deletion: drafts go, submitted applications stay without personal data."""
    verwijder_concepten(Aanvraag.objects.van(user).filter(status=Status.CONCEPT))
    anonimiseer(Aanvraag.objects.van(user))


def oude_concepten() -> int:
    grens = timezone.now() - timedelta(days=settings.RETENTIE_CONCEPT_DAGEN)
    return verwijder_concepten(Aanvraag.objects.filter(status=Status.CONCEPT, gewijzigd__lt=grens))


def oude_afgehandelde_aanvragen() -> int:
    grens = timezone.now() - timedelta(days=settings.RETENTIE_AANVRAAG_DAGEN)
    return anonimiseer(
        Aanvraag.objects.filter(status__in=AFGEHANDELD, gewijzigd__lt=grens, geanonimiseerd=False)
    )
