"""The demo's district barometer page: the page only, no invented figures.

It shows the CBS key figures that ``laad_gebieden`` loaded (real data, see
``portal/gebieden/data/SOURCES.md``). Indicator series are imported by an administrator from
CSV (Admin → Barometer → Import values); the demo makes none up.
"""

from .models import BarometerPage, HomePage

SLUG = "wijkbarometer"


def laad_barometer(home: HomePage) -> int:
    """Create the barometer page under ``home`` unless one exists; returns the number created
    (0 or 1). Idempotent."""
    # Imported here: cms/demo.py imports this module to call laad_barometer from laad_demo.
    from .demo import VOORBEELD

    if BarometerPage.objects.exists():
        return 0
    home.add_child(
        instance=BarometerPage(
            title="Wijkbarometer",
            slug=SLUG,
            intro=(
                "<p>Hoe staan de wijken ervoor? Vergelijk de wijken met elkaar en volg een wijk "
                "door de jaren heen, met de kerncijfers van het CBS en de reeksen die de gemeente "
                "hier publiceert.</p>" + VOORBEELD
            ),
        )
    )
    return 1
