"""How many attachments one application may have (the uploads themselves are checked by the
kernel's portal.bijlagen)."""

from django.db.models import Count, Q

from portal.bijlagen import fout_te_veel, fout_te_veel_van_soort

from .constants import BijlageSoort

# Attachments one application may have: in total, and of one kind (BijlageSoort). Each one is
# decoded and re-encoded or screened on upload, and stored; a resident needs a few.
MAX_BIJLAGEN_PER_AANVRAAG = 10
MAX_BIJLAGEN_PER_SOORT = 5


def controleer_aantal(aanvraag, soort) -> None:
    """Raise ``BijlageFout`` when ``aanvraag`` cannot take another attachment of this ``soort``.

    Call it before ``controleer_bestand``, so that an upload over the limit costs no decoding,
    and in the transaction that saves the attachment (the step view locks the application row
    by saving it first, so two uploads at once cannot both take the last place).
    """
    # Report-back photos come after the application can no longer be edited (so nothing can
    # be removed to make room): they have only their own per-kind limit.
    aantallen = aanvraag.bijlagen.aggregate(
        totaal=Count("pk", filter=~Q(soort=BijlageSoort.VERANTWOORDING)),
        van_soort=Count("pk", filter=Q(soort=soort)),
    )
    telt_mee = soort != BijlageSoort.VERANTWOORDING
    if telt_mee and aantallen["totaal"] >= MAX_BIJLAGEN_PER_AANVRAAG:
        raise fout_te_veel(MAX_BIJLAGEN_PER_AANVRAAG)
    if aantallen["van_soort"] >= MAX_BIJLAGEN_PER_SOORT:
        label = dict(BijlageSoort.choices).get(soort, soort)
        raise fout_te_veel_van_soort(MAX_BIJLAGEN_PER_SOORT, label)
