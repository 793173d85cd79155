"""What the barometer page shows for a query: the visitor's choice (GET form), the comparison
of districts in one year and, when the series has two years or more, one district over the
years. ``BarometerPage.get_context`` asks only this module."""

from django.http import QueryDict

from .formulieren import LAATSTE_JAAR, KeuzeFormulier
from .reeksen import Barometer, Reeks, reeksen
from .svg import vergelijking_wijken, verloop_wijk


def standaard_reeks(barometer: Barometer) -> Reeks | None:
    """The series shown before the visitor chooses: the first indicator with a development over
    the years, else the first series with any value (the CBS key figures come first)."""
    met_verloop = [r for r in barometer.reeksen if r.heeft_verloop]
    met_waarden = [r for r in barometer.reeksen if r.jaren]
    for kandidaten in (met_verloop, met_waarden, barometer.reeksen):
        if kandidaten:
            return kandidaten[0]
    return None


def barometer_context(gegevens: QueryDict) -> dict:
    barometer = reeksen()
    standaard = standaard_reeks(barometer)
    keuze = {
        "indicator": standaard.sleutel if standaard else "",
        "jaar": LAATSTE_JAAR,
        "wijk": barometer.wijken[0].slug if barometer.wijken else "",
    }
    formulier = KeuzeFormulier(barometer=barometer, initial=keuze)
    if any(gegevens.get(veld) for veld in keuze):
        # A link may name only the indicator: the other fields keep their default.
        data = gegevens.copy()
        for veld, waarde in keuze.items():
            if not data.get(veld):
                data[veld] = waarde
        formulier = KeuzeFormulier(data, barometer=barometer)
        if not formulier.is_valid():
            # An unknown value counts as no choice; the form's error summary says why.
            keuze.update(formulier.cleaned_data)
        else:
            keuze = formulier.cleaned_data

    reeks = barometer.reeks(keuze["indicator"]) or standaard
    wijk = barometer.wijk(keuze["wijk"]) or (barometer.wijken[0] if barometer.wijken else None)
    gevraagd_jaar = None if keuze["jaar"] == LAATSTE_JAAR else int(keuze["jaar"])
    context = {
        "keuzeformulier": formulier,
        "reeks": reeks,
        "gekozen_wijk": wijk,
        "gevraagd_jaar": gevraagd_jaar,
        "jaar": None,
        "jaar_ontbreekt": False,
        "grafiek_wijken": None,
        "grafiek_verloop": None,
    }
    if reeks is None or not reeks.jaren:
        return context
    jaar = gevraagd_jaar if gevraagd_jaar in reeks.jaren else reeks.laatste_jaar
    context["jaar"] = jaar
    context["jaar_ontbreekt"] = gevraagd_jaar is not None and gevraagd_jaar != jaar
    context["grafiek_wijken"] = vergelijking_wijken(reeks, jaar, barometer.wijken)
    if reeks.heeft_verloop and wijk is not None:
        context["grafiek_verloop"] = verloop_wijk(reeks, wijk)
    return context
