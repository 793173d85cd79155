"""The play-space map's personal data: export and erasure for "Mijn gegevens", and retention
rules (registered from speelkaart/registratie.py through ``registreer``).

- Ratings and supports are the resident's own opinion and go with the account; the play
  spaces' averages and the wishes' support counts are corrected in the same transaction.
- Defect reports and wishes are kept for the district's records without the resident: the
  link to the account goes and a report's photo is deleted (a photo can show people).
- Retention: a handled report's photo after ``RETENTIE_MELDING_FOTO_DAGEN`` (180) days, the
  reporter of a handled report and the proposer of a handled wish after
  ``RETENTIE_MELDING_DAGEN`` (730) days, counted from the last change.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .constants import CRITERIA
from .models import Melding, Speelplek, Waardering, Wens, WensSteun
from .statemachine import AFGEHANDELDE_MELDINGEN, AFGEHANDELDE_WENSEN


# Retention periods: settings RETENTIE_MELDING_FOTO_DAGEN and RETENTIE_MELDING_DAGEN.
def _foto_dagen() -> int:
    return settings.RETENTIE_MELDING_FOTO_DAGEN


def _melder_dagen() -> int:
    return settings.RETENTIE_MELDING_DAGEN


# --- Export -------------------------------------------------------------------------------


def exporteer(user) -> dict:
    waarderingen = Waardering.objects.filter(bewoner=user).select_related("speelplek")
    meldingen = Melding.objects.filter(bewoner=user).select_related("speelplek")
    wensen = Wens.objects.filter(bewoner=user).select_related("speelplek", "buurt")
    steun = WensSteun.objects.filter(bewoner=user).select_related("wens")
    return {
        "waarderingen": [
            {
                "speelplek": w.speelplek.naam,
                **{veld: getattr(w, veld) for veld in CRITERIA},
                "opmerking": w.opmerking,
                "opmerking_status": w.get_opmerking_status_display(),
                "aangemaakt": w.aangemaakt,
                "gewijzigd": w.gewijzigd,
            }
            for w in waarderingen
        ],
        # The photo itself is not in the export (the resident sees it in "Mijn meldingen").
        "meldingen": [
            {
                "speelplek": m.speelplek.naam,
                "categorie": m.get_categorie_display(),
                "tekst": m.tekst,
                "foto": bool(m.foto),
                "status": m.get_status_display(),
                "aangemaakt": m.aangemaakt,
                "gewijzigd": m.gewijzigd,
            }
            for m in meldingen
        ],
        "wensen": [
            {
                "soort": w.get_soort_display(),
                "speelplek": w.speelplek.naam if w.speelplek_id else None,
                "buurt": w.buurt.naam,
                "locatie": [w.lat, w.lon] if w.lat is not None else None,
                "titel": w.titel,
                "tekst": w.tekst,
                "status": w.get_status_display(),
                "aangemaakt": w.aangemaakt,
            }
            for w in wensen
        ],
        "steun_voor_wensen": [{"wens": s.wens.titel, "op": s.aangemaakt} for s in steun],
    }


# --- Erasure ------------------------------------------------------------------------------


def _wis_fotos(meldingen) -> int:
    """Delete the stored photos of these reports and clear the fields."""
    aantal = 0
    for melding in meldingen.exclude(foto="").only("pk", "foto"):
        melding.foto.delete(save=False)
        Melding.objects.filter(pk=melding.pk).update(foto="", foto_mime="")
        aantal += 1
    return aantal


def _anonimiseer_meldingen(meldingen) -> int:
    _wis_fotos(meldingen)
    return meldingen.update(bewoner=None)


def wis(user) -> None:
    """Account deletion (runs before the account itself is deleted, in one transaction)."""
    speelplek_ids = list(
        Waardering.objects.filter(bewoner=user).values_list("speelplek_id", flat=True)
    )
    Waardering.objects.filter(bewoner=user).delete()
    for speelplek in Speelplek.objects.filter(pk__in=speelplek_ids).only("pk"):
        speelplek.herbereken_waarderingen()

    for wens_id in WensSteun.objects.filter(bewoner=user).values_list("wens_id", flat=True):
        Wens.objects.filter(pk=wens_id, aantal_steun__gt=0).update(
            aantal_steun=F("aantal_steun") - 1
        )
    WensSteun.objects.filter(bewoner=user).delete()

    _anonimiseer_meldingen(Melding.objects.filter(bewoner=user))
    Wens.objects.filter(bewoner=user).update(bewoner=None)


# --- Retention ----------------------------------------------------------------------------


def _afgehandeld_voor(dagen: int):
    return timezone.now() - timedelta(days=dagen)


def oude_fotos() -> int:
    """Photos of reports handled more than RETENTIE_MELDING_FOTO_DAGEN days ago."""
    return _wis_fotos(
        Melding.objects.filter(
            status__in=AFGEHANDELDE_MELDINGEN, gewijzigd__lt=_afgehandeld_voor(_foto_dagen())
        )
    )


def oude_melders() -> int:
    """The reporter of reports handled more than RETENTIE_MELDING_DAGEN days ago."""
    return _anonimiseer_meldingen(
        Melding.objects.filter(
            status__in=AFGEHANDELDE_MELDINGEN,
            gewijzigd__lt=_afgehandeld_voor(_melder_dagen()),
            bewoner__isnull=False,
        )
    )


def oude_indieners_van_wensen() -> int:
    """The proposer of wishes handled more than RETENTIE_MELDING_DAGEN days ago."""
    return Wens.objects.filter(
        status__in=AFGEHANDELDE_WENSEN,
        gewijzigd__lt=_afgehandeld_voor(_melder_dagen()),
        bewoner__isnull=False,
    ).update(bewoner=None)


def registreer() -> None:
    """Registers the exporter, the eraser and the retention rules in the kernel."""
    from portal.accounts.privacy import registreer_gegevens
    from portal.accounts.retentie import bewaarregel

    registreer_gegevens("speelkaart", exporteer=exporteer, wis=wis)
    bewaarregel("foto's van afgehandelde speelplekmeldingen")(oude_fotos)
    bewaarregel("melders van afgehandelde speelplekmeldingen")(oude_melders)
    bewaarregel("indieners van afgehandelde speelplekwensen")(oude_indieners_van_wensen)
