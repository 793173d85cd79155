"""Transferred bytes of a page as a browser gets it, in-process through the production stack.

For each page of ``urls.TRANSFER_PAGES``: the HTML (an anonymous visitor, page cache on as in
production) and every same-origin stylesheet, script and icon it links, each requested with an
``Accept-Encoding`` header and counted as the body the site sends back (WhiteNoise's .br/.gz
files, the page cache's compressed copies). Map tiles come from another host and are not
counted. A map of ``components/map.html`` loads Leaflet (stylesheet, script, Dutch texts) and its
GeoJSON only when it comes into view: those bytes are reported apart ("map"), so "first view"
is what every visitor downloads and "with map" what a visitor who scrolls to the map does.
Response headers are not counted.
"""

import gzip
from html.parser import HTMLParser

import brotli

from .omgeving import PAGINACACHE_SECONDEN, REQUEST_HEADERS

# What a current browser asks for, and what an older client or proxy does.
CODERINGEN = {"br": "gzip, deflate, br", "gzip": "gzip, deflate", "none": "identity"}
KAART_BESTANDEN = ("data-leaflet-css", "data-leaflet-js", "data-leaflet-nl-js", "data-geojson-url")


class Verwijzingen(HTMLParser):
    """Same-origin files a page links (``bestanden``) and the files its maps load (``kaart``)."""

    def __init__(self):
        super().__init__()
        self.bestanden: list[str] = []
        self.kaart: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag == "link" and {"stylesheet", "icon"} & set(rel):
            self._voeg_toe(self.bestanden, attrs.get("href"))
        elif tag == "script":
            self._voeg_toe(self.bestanden, attrs.get("src"))
        for naam in KAART_BESTANDEN:
            self._voeg_toe(self.kaart, attrs.get(naam))

    @staticmethod
    def _voeg_toe(lijst: list[str], url: str | None) -> None:
        if url and url.startswith("/") and not url.startswith("//") and url not in lijst:
            lijst.append(url)


def _haal(client, path: str, accept: str) -> tuple[int, int]:
    """(bytes sent, bytes after decompressing) of GET ``path``."""
    response = client.get(path, headers={"Accept-Encoding": accept})
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    codering = response.headers.get("Content-Encoding")
    leesbaar = {"br": brotli.decompress, "gzip": gzip.decompress}.get(codering, bytes)(body)
    return len(body), len(leesbaar)


def measure_transfer(path: str) -> dict:
    """Per coding (br, gzip, none): bytes of the HTML, the linked CSS/JS, the first view, the
    map's files and the total with the map; plus every file with its sizes."""
    from django.core.cache import cache
    from django.test import Client
    from django.test.utils import override_settings

    resultaat, bestanden = {}, {}
    with override_settings(PAGINACACHE_SECONDEN=PAGINACACHE_SECONDEN):
        for codering, accept in CODERINGEN.items():
            cache.clear()
            client = Client(headers=REQUEST_HEADERS, raise_request_exception=True)
            html_bytes, html_leesbaar = _haal(client, path, accept)
            verwijzingen = Verwijzingen()
            verwijzingen.feed(client.get(path).content.decode())
            sommen = {}
            for soort, lijst in (("css_js", verwijzingen.bestanden), ("map", verwijzingen.kaart)):
                sommen[soort] = 0
                for url in lijst:
                    verzonden, leesbaar = _haal(client, url, accept)
                    sommen[soort] += verzonden
                    bestanden.setdefault(url, {"soort": soort, "raw": leesbaar})[codering] = (
                        verzonden
                    )
            eerste = html_bytes + sommen["css_js"]
            resultaat[codering] = {
                "html": html_bytes,
                "css_js": sommen["css_js"],
                "first_view": eerste,
                "map": sommen["map"],
                "with_map": eerste + sommen["map"],
            }
            bestanden[path] = {"soort": "html", "raw": html_leesbaar, codering: html_bytes}
    return {**resultaat, "files": bestanden}
