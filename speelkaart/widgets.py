"""A point picker for a latitude/longitude pair of form fields, for the Wagtail admin.

Usage, on the longitude field, naming the latitude field of the same form::

    FieldPanel("lat"),
    FieldPanel("lon", widget=LocatieKiezer(lat_veld="lat")),

It renders the longitude input as usual, followed by the residents' location picker: the same
script (static/js/locatiekiezer.js) and the same behaviour as step 2 of an application (click,
or Tab to the map, arrow keys, +/−, Enter), filling both inputs and naming the neighbourhood.
Both inputs stay visible and editable: they are the alternative without JavaScript and the way
to enter an exact point. Leaflet, its Dutch texts and the picker come with the widget's
``media``, so the admin form that uses it loads them (the admin's Content-Security-Policy allows
the tile host, see portal/settings/base.py).

The form may set two attributes on its widget instance (forms copy their widgets per form):
``gekozen`` (``{"buurt": name, "wijk": name}``) to name the saved point's neighbourhood without
a request, and ``wijken`` (district slugs) to open the map on those districts.
"""

from django import forms
from django.conf import settings
from django.templatetags.static import static


class LocatieKiezer(forms.NumberInput):
    template_name = "speelkaart/admin/locatiekiezer.html"

    def __init__(self, *args, lat_veld: str = "lat", **kwargs):
        super().__init__(*args, **kwargs)
        self.lat_veld = lat_veld
        self.gekozen: dict | None = None
        self.wijken: list[str] = []

    def lat_id(self, naam: str, eigen_id: str) -> str:
        """The latitude input's id: this input's id with this field's name replaced (keeps a
        form prefix, e.g. ``id_plek-lon`` → ``id_plek-lat``)."""
        veld = naam.rsplit("-", 1)[-1]
        if eigen_id.endswith(veld):
            return eigen_id[: -len(veld)] + self.lat_veld
        return f"id_{self.lat_veld}"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        centrum = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
        context["kiezer"] = {
            "lat_id": self.lat_id(name, context["widget"]["attrs"].get("id", "")),
            "tiles_url": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "center_lat": centrum[0],
            "center_lon": centrum[1],
            "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
            "gekozen": self.gekozen,
            "wijken": " ".join(self.wijken),
        }
        return context

    @property
    def media(self):
        # A property: static() gives the hashed names of the manifest storage, at render time.
        marker = {
            "data-marker-icon": static("leaflet/images/marker-icon.png"),
            "data-marker-icon-retina": static("leaflet/images/marker-icon-2x.png"),
            "data-marker-shadow": static("leaflet/images/marker-shadow.png"),
        }
        return forms.Media(
            css={"all": ["leaflet/leaflet.css"]},
            js=[
                forms.Script("leaflet/leaflet.js", defer=True),
                forms.Script("js/leaflet-nl.js", defer=True, **marker),
                forms.Script("js/locatiekiezer.js", defer=True),
            ],
        )
