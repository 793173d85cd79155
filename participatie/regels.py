"""The scheme's rules, checked on the server for every application.

Each rule returns the problems it finds as ``(field, message)``; ``None`` as field means the
problem concerns the application as a whole. The steps of the form check the rules that belong
to their fields; submitting checks all of them again, against the data as stored.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.gebieden.lookup import afstand_m

from .constants import BijlageSoort
from .statemachine import TELT_MEE_VOOR_LIMIET

Probleem = tuple[str | None, str]

# Applications that are on their way to being granted count towards the per-street limit too,
# so two neighbours cannot both get the one party of the year by applying on the same day.


def venster(aanvraag, vandaag) -> list[Probleem]:
    regeling = aanvraag.regeling
    if regeling.is_open(vandaag):
        return []
    if regeling.open_van and vandaag < regeling.open_van:
        datum = formats.date_format(regeling.open_van, "j F Y")
        return [(None, _("You can apply for this scheme from %(datum)s.") % {"datum": datum})]
    datum = formats.date_format(regeling.open_tot, "j F Y")
    return [(None, _("Applications for this scheme closed on %(datum)s.") % {"datum": datum})]


def activiteitdatum(aanvraag, vandaag) -> list[Probleem]:
    regeling = aanvraag.regeling
    if not regeling.heeft_activiteitdatum:
        return []
    if aanvraag.activiteit_datum is None:
        if regeling.vraagt_periode:
            return [("activiteit_datum", _("Enter the first day."))]
        return [("activiteit_datum", _("Enter the date of the activity."))]
    vroegst = vandaag + timedelta(days=regeling.min_dagen_vooraf)
    if aanvraag.activiteit_datum < vroegst:
        return [
            (
                "activiteit_datum",
                ngettext(
                    "Apply at least %(dagen)d day before the activity: choose %(datum)s or later.",
                    "Apply at least %(dagen)d days before the activity: choose %(datum)s or later.",
                    regeling.min_dagen_vooraf,
                )
                % {
                    "dagen": regeling.min_dagen_vooraf,
                    "datum": formats.date_format(vroegst, "j F Y"),
                },
            )
        ]
    return []


def periode(aanvraag, vandaag) -> list[Probleem]:
    """A play street: the last day, the fixed times and the stretch of street to be closed."""
    if not aanvraag.regeling.vraagt_periode:
        return []
    problemen = []
    if aanvraag.einddatum is None:
        problemen.append(("einddatum", _("Enter the last day.")))
    elif aanvraag.activiteit_datum and aanvraag.einddatum < aanvraag.activiteit_datum:
        problemen.append(("einddatum", _("The last day cannot be before the first day.")))
    if not aanvraag.vaste_tijden.strip():
        problemen.append(("vaste_tijden", _("Enter the fixed days and times.")))
    if not aanvraag.straatdeel.strip():
        problemen.append(("straatdeel", _("Enter the stretch of street that will be closed.")))
    return problemen


def bedrag(aanvraag, vandaag) -> list[Probleem]:
    regeling = aanvraag.regeling
    if regeling.heeft_vast_bedrag:
        return []
    if aanvraag.gevraagd_bedrag is None:
        return [("gevraagd_bedrag", _("Enter the amount you ask for."))]
    if aanvraag.gevraagd_bedrag <= 0:
        return [("gevraagd_bedrag", _("The amount must be more than € 0."))]
    if aanvraag.gevraagd_bedrag > regeling.bedrag:
        maximum = formats.number_format(regeling.bedrag, 2, use_l10n=True)
        return [("gevraagd_bedrag", _("You can ask for at most € %(max)s.") % {"max": maximum})]
    return []


def locatie(aanvraag, vandaag) -> list[Probleem]:
    if not aanvraag.straat or not aanvraag.huisnummer:
        return [("straat", _("Enter the street and house number of the location."))]
    if aanvraag.wijk_id is None:
        return [("buurt", _("Choose the location on the map or choose the neighbourhood."))]
    if not aanvraag.regeling.geldt_voor_wijk(aanvraag.wijk_id):
        return [
            (
                "buurt",
                _("This scheme does not apply in %(wijk)s.") % {"wijk": aanvraag.wijk.naam},
            )
        ]
    return []


def _in_jaar(jaar) -> Q:
    """Counted in the year of the activity, or of creation when there is no activity date."""
    return Q(activiteit_datum__year=jaar) | Q(activiteit_datum=None, aangemaakt__year=jaar)


def per_straat_per_jaar(aanvraag, vandaag) -> list[Probleem]:
    """At most N per street (or radius) per year. Pending applications count as well as
    granted ones (TELT_MEE_VOOR_LIMIET): otherwise two neighbours could both apply before
    either is decided and both be granted; a rejected or withdrawn one frees the place."""
    from .models import Aanvraag

    regeling = aanvraag.regeling
    if not regeling.max_per_straat_per_jaar:
        return []
    jaar = (aanvraag.activiteit_datum or vandaag).year
    andere = (
        Aanvraag.objects.filter(regeling__soort=regeling.soort, status__in=TELT_MEE_VOOR_LIMIET)
        .exclude(pk=aanvraag.pk)
        .filter(_in_jaar(jaar))
    )
    if regeling.straal_meter and aanvraag.locatie_lat is not None:
        dichtbij = [
            a
            for a in andere.exclude(locatie_lat=None).only("locatie_lat", "locatie_lon")
            if afstand_m(
                float(aanvraag.locatie_lat),
                float(aanvraag.locatie_lon),
                float(a.locatie_lat),
                float(a.locatie_lon),
            )
            <= regeling.straal_meter
        ]
        aantal = len(dichtbij)
        if aantal >= regeling.max_per_straat_per_jaar:
            return [
                (
                    "straat",
                    ngettext(
                        "Within %(meter)d metres of this location, %(aantal)d application for "
                        "this scheme is already pending or granted this year; the maximum is "
                        "%(max)d.",
                        "Within %(meter)d metres of this location, %(aantal)d applications for "
                        "this scheme are already pending or granted this year; the maximum is "
                        "%(max)d.",
                        aantal,
                    )
                    % {
                        "meter": regeling.straal_meter,
                        "aantal": aantal,
                        "max": regeling.max_per_straat_per_jaar,
                    },
                )
            ]
        return []
    aantal = andere.filter(straat__iexact=aanvraag.straat.strip()).count()
    if aantal >= regeling.max_per_straat_per_jaar:
        return [
            (
                "straat",
                ngettext(
                    "%(straat)s already has %(aantal)d pending or granted application for "
                    "this scheme in %(jaar)d; the maximum is %(max)d per street per year.",
                    "%(straat)s already has %(aantal)d pending or granted applications for "
                    "this scheme in %(jaar)d; the maximum is %(max)d per street per year.",
                    aantal,
                )
                % {
                    "straat": aanvraag.straat,
                    "aantal": aantal,
                    "jaar": jaar,
                    "max": regeling.max_per_straat_per_jaar,
                },
            )
        ]
    return []


def vergrendel_limiet(aanvraag, vandaag=None) -> None:
    """Serialise submissions that ``per_straat_per_jaar`` counts against each other.

    Call inside the submitting transaction, before the rules are checked: a second submission
    for the same street (or, for schemes with a radius, the same scheme kind) and year waits
    until the first has committed, then counts it.
    """
    from portal.core.sloten import vergrendel

    regeling = aanvraag.regeling
    if not regeling.max_per_straat_per_jaar:
        return
    jaar = (aanvraag.activiteit_datum or vandaag or timezone.localdate()).year
    if regeling.straal_meter and aanvraag.locatie_lat is not None:
        vergrendel("limiet", regeling.soort, jaar)
    else:
        vergrendel("limiet", regeling.soort, aanvraag.straat, jaar)


def huishoudens(aanvraag, vandaag) -> list[Probleem]:
    regeling = aanvraag.regeling
    problemen = []
    deelnemers = [h for h in aanvraag.huishoudens.all() if h.akkoord]
    if regeling.min_huishoudens and len(deelnemers) < regeling.min_huishoudens:
        problemen.append(
            (
                "huishoudens",
                ngettext(
                    "At least %(min)d household must take part (with their consent); you entered %(aantal)d.",  # noqa: E501
                    "At least %(min)d households must take part (with their consent); you entered %(aantal)d.",  # noqa: E501
                    regeling.min_huishoudens,
                )
                % {"min": regeling.min_huishoudens, "aantal": len(deelnemers)},
            )
        )
    if regeling.vraagt_instemming:
        totaal = aanvraag.huishoudens_in_straat
        if not totaal:
            problemen.append(
                ("huishoudens_in_straat", _("Enter how many households live in the street."))
            )
        else:
            aandeel = 100 * len(deelnemers) / totaal
            if aandeel < regeling.min_instemming_pct:
                problemen.append(
                    (
                        "huishoudens",
                        _(
                            "%(pct)d%% of the households in the street agree (%(aantal)d of %(totaal)d); "  # noqa: E501
                            "at least %(min)d%% is needed."
                        )
                        % {
                            "pct": int(aandeel),
                            "aantal": len(deelnemers),
                            "totaal": totaal,
                            "min": regeling.min_instemming_pct,
                        },
                    )
                )
    return problemen


def bijlagen(aanvraag, vandaag) -> list[Probleem]:
    aanwezig = {b.soort for b in aanvraag.bijlagen.all()}
    labels = dict(BijlageSoort.choices)
    return [
        ("bijlagen", _("Add an attachment: %(soort)s.") % {"soort": labels[soort]})
        for soort in aanvraag.regeling.verplichte_bijlagen()
        if soort not in aanwezig
    ]


def contactgegevens(aanvraag, vandaag) -> list[Probleem]:
    """Name and address for the decision; an IBAN when the scheme pays from the budget."""
    problemen = []
    if not aanvraag.naam_aanvrager.strip():
        problemen.append(("naam_aanvrager", _("Enter your name.")))
    if not aanvraag.adres_aanvrager.strip():
        problemen.append(("adres_aanvrager", _("Enter your address.")))
    if aanvraag.regeling.betaalt_uit and not aanvraag.iban:
        problemen.append(("iban", _("Enter the bank account (IBAN) for the payment.")))
    return problemen


def privacy(aanvraag, vandaag) -> list[Probleem]:
    if not aanvraag.privacy_akkoord:
        return [("privacy_akkoord", _("Agree to the privacy statement to submit."))]
    return []


# Rules per form step; all of them together are checked on submit.
REGELS_PER_STAP = {
    1: [],
    2: [locatie, per_straat_per_jaar],
    3: [activiteitdatum, periode, bedrag, huishoudens],
    4: [bijlagen, contactgegevens, privacy],
}
ALLE_REGELS = [venster] + [regel for regels in REGELS_PER_STAP.values() for regel in regels]


def controleer(aanvraag, regels=None, vandaag=None) -> list[Probleem]:
    vandaag = vandaag or timezone.localdate()
    regels = ALLE_REGELS if regels is None else regels
    return [p for regel in regels for p in regel(aanvraag, vandaag)]
