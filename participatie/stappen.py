"""The steps of the application form, as one table.

Each step names its form, the template of its body and what else it handles. The step view
(``views.stap``) reads this table instead of branching on step numbers, so a scheme that needs
another step adds a row here, not an ``if`` in the view.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
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


STAPPEN: dict[int, Stap] = {
    1: Stap(_("Your initiative"), Stap1Form),
    2: Stap(_("Location"), Stap2Form, "participatie/stappen/_locatie.html", kaart=True),
    3: Stap(
        _("Date, amount and households"),
        Stap3Form,
        "participatie/stappen/_datum_bedrag_huishoudens.html",
        vraagt_regeling=True,
        huishoudens=True,
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
# Number → title, for the progress list and the review page.
STAPTITELS = {nummer: stap.titel for nummer, stap in STAPPEN.items()}
