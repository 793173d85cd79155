"""Public URLs under /speelkaart/: the map and list, play-space pages and GeoJSON/open data
(urls_kaart.py), residents' ratings, defect reports and wishes (urls_bewoner.py)."""

from .urls_bewoner import urlpatterns as bewoner_urls
from .urls_kaart import urlpatterns as kaart_urls

app_name = "speelkaart"

urlpatterns = bewoner_urls + kaart_urls
