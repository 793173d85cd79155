"""The steps of the application form, as one table.

Each step names its form, the template of its body and what else it handles. The step view
(``views.stap``) reads this table instead of branching on step numbers, so a scheme that needs
another step adds a row here, not an ``if`` in the view.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .constants import AANTAL_STAPPEN
from .forms import Stap1Form, Stap2Form, Stap3Form, Stap4Form


@dataclass(frozen=True)
class Stap:
    titel: str | Promise
    form: type
    sjabloon: str = "participatie/stappen/_formulier.html"
    vraagt_regeling: bool = False  # the form's fields depend on the scheme
    huishoudens: bool = False  # a formset of participating households
    bijlagen: bool = False  # attachments can be added and removed here
    kaart: bool = False  # the map picker (Leaflet) and "use my location"
    # The title when it depends on what the scheme asks (Regeling → title); else ``titel``.
    titel_voor: Callable | None = None


def _titel_gegevens(regeling) -> str:
    """Step 3 names what it asks for this scheme: "Period, times and street" for a play
    street, "Amount" for self-management, "Date, amount and households" for a party."""
    delen = []
    if regeling.vraagt_periode:
        delen += [gettext("period"), gettext("times"), gettext("stretch of street")]
    elif regeling.heeft_activiteitdatum:
        delen.append(gettext("date"))
    if not regeling.heeft_vast_bedrag:
        delen.append(gettext("amount"))
    delen.append(gettext("households"))  # the list of households is on this step always
    if len(delen) == 1:
        return capfirst(delen[0])
    opsomming = gettext("%(items)s and %(last)s") % {
        "items": ", ".join(delen[:-1]),
        "last": delen[-1],
    }
    return capfirst(opsomming)


STAPPEN: dict[int, Stap] = {
    1: Stap(_("Your initiative"), Stap1Form),
    2: Stap(_("Location"), Stap2Form, "participatie/stappen/_locatie.html", kaart=True),
    3: Stap(
        _("Date, amount and households"),
        Stap3Form,
        "participatie/stappen/_datum_bedrag_huishoudens.html",
        vraagt_regeling=True,
        huishoudens=True,
        titel_voor=_titel_gegevens,
    ),
    4: Stap(
        _("Attachments and contact"),
        Stap4Form,
        "participatie/stappen/_bijlagen_contact.html",
        vraagt_regeling=True,
        bijlagen=True,
    ),
}
if sorted(STAPPEN) != list(range(1, AANTAL_STAPPEN + 1)):
    # The model knows the number of steps (constants.AANTAL_STAPPEN) without importing forms.
    raise ImproperlyConfigured("STAPPEN must number 1..AANTAL_STAPPEN")
LAATSTE_STAP = AANTAL_STAPPEN


def staptitels(regeling) -> dict[int, str]:
    """Number → title for this scheme, for the progress list and the review page."""
    return {
        nummer: stap.titel_voor(regeling) if stap.titel_voor else stap.titel
        for nummer, stap in STAPPEN.items()
    }
