"""Locust users for the load test of the topology (deploy/belasting.py starts locust with this
file; it is not run on its own).

- ``Bezoeker`` (200): an anonymous visitor browsing the home page, a district page, a scheme
  page, the play-space map and its GeoJSON, with 2–6 s between pages.
- ``Bewoner`` (50): a resident (a session made beforehand, one per user) who completes the
  application journey once: the scheme page, "start", the four steps with a photo as attachment
  in step 4, the review page and "submit", arriving within the first 20 s and taking 2–5 s per
  page; then reads "Mijn aanvragen" now and then. Each step
  is its own name in the statistics; the reference of every submitted application is appended
  to the file in ``BELASTING_REFERENTIES`` for the exactly-once check afterwards.

Requests are named by page type, not by URL. A 5xx is a failure; so is a journey that does not
end on its reference.
"""

import io
import itertools
import json
import os
import random
import re
import threading
import time

from locust import HttpUser, between, task
from requests.adapters import HTTPAdapter

from ops.bewoners import REFERENTIE, SLEUTEL, START, stap_data

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GEDULD = 60  # s a resident keeps sending one page again
OPNIEUW = (0, 502, 503, 504)  # no answer, a gateway error, the Dutch "try again"
OPSLAG_WEG = "kon nu niet worden opgeslagen"  # the form's "add the attachment again" message
GEGEVENS = json.loads(os.environ.get("BELASTING_GEGEVENS", "{}"))
_volgende = itertools.count()  # visitors' addresses
_bewoners = itertools.count()  # one resident (and address) per resident user
_slot = threading.Lock()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


FOTO = _png() if GEGEVENS else b""


class BronAdres(HTTPAdapter):
    """Connect from a loopback address of this user's own (127.x.y.z): nginx sees a client per
    user and passes it on in X-Forwarded-For, so the per-IP POST budget applies per user, as
    with real visitors, instead of to the one address all synthetic users share."""

    def __init__(self, bron: str, **kwargs):
        self.bron = bron
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.bron, 0)
        return super().init_poolmanager(*args, **kwargs)


def _eigen_adres(client, netwerk: int, nummer: int) -> None:
    client.mount("http://", BronAdres(f"127.{netwerk}.{nummer // 250}.{nummer % 250 + 1}"))


def _noteer(regel: dict) -> None:
    """A line for the checks afterwards (deploy/belasting.py reads the file)."""
    with _slot, open(os.environ["BELASTING_REFERENTIES"], "a") as uit:
        uit.write(json.dumps(regel) + "\n")


def _token(tekst: str) -> str:
    gevonden = CSRF.search(tekst)
    return gevonden.group(1) if gevonden else ""


class Bezoeker(HttpUser):
    fixed_count = 200
    wait_time = between(2, 6)

    def on_start(self):
        with _slot:
            _eigen_adres(self.client, 2, next(_volgende))

    @task(3)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def wijk(self):
        self.client.get(GEGEVENS["wijk_pad"], name="district page")

    @task(2)
    def regeling(self):
        self.client.get(GEGEVENS["regeling_pad"], name="scheme page")

    @task(2)
    def kaart(self):
        self.client.get("/speelkaart/", name="map page")

    @task(1)
    def geojson(self):
        self.client.get("/speelkaart/speelplekken.geojson", name="map GeoJSON")


class Bewoner(HttpUser):
    fixed_count = 50
    wait_time = between(1, 3)

    def on_start(self):
        with _slot:
            self.nummer = next(_bewoners)
        bewoner = GEGEVENS["bewoners"][self.nummer]
        self.client.cookies.set("sessionid", bewoner["sessionid"])
        _eigen_adres(self.client, 3, self.nummer)
        self.straat = f"Belastingstraat {self.nummer}"
        self.buurt = GEGEVENS["buurten"][self.nummer % len(GEGEVENS["buurten"])]
        self.klaar = False

    def _stap(self, naam, methode, pad, **kwargs):
        """One page of the journey, as a patient resident sends it: a gateway error, the Dutch
        503 "try again" or "add the attachment again in a minute" is sent again after 3 s, for
        at most GEDULD s (each repeat is noted); any other error ends the journey."""
        # A resident reads and types between pages: 2-5 s (gevent's cooperative sleep).
        time.sleep(random.uniform(2, 5))  # noqa: S311 (not cryptography)
        einde = time.monotonic() + GEDULD
        while True:
            with self.client.request(
                methode, pad, name=naam, catch_response=True, allow_redirects=True, **kwargs
            ) as antwoord:
                status = antwoord.status_code or 0
                bijlage_later = status == 200 and OPSLAG_WEG in (antwoord.text or "")
                if (status in OPNIEUW or bijlage_later) and time.monotonic() < einde:
                    if not bijlage_later:
                        antwoord.failure(f"{naam}: {status or 'no answer'} (sent again)")
                    _noteer({"opnieuw": naam, "status": status, "t": time.time()})
                elif status >= 400 or status == 0:
                    antwoord.failure(f"{naam}: {status or 'no answer'}")
                    raise _Gestopt
                else:
                    return antwoord
            time.sleep(3)

    @task
    def aanvraag(self):
        if self.klaar:
            self.client.get("/aanvragen/", name="my applications")
            return
        time.sleep(random.uniform(0, 20))  # noqa: S311 (residents arrive over the first 20 s)
        self.begin = time.time()
        try:
            pagina = self._stap("scheme page (resident)", "GET", GEGEVENS["regeling_pad"])
            start = START.search(pagina.text)
            r = self._stap(
                "start", "POST", start.group(1), data={"csrfmiddlewaretoken": _token(pagina.text)}
            )
            pk = re.search(r"/aanvragen/(\d+)/", r.url).group(1)
            for n in range(1, 5):
                data = stap_data(n, self.straat, self.buurt, _token(r.text))
                if n == 4:  # the photo first, then the step itself
                    self._stap(
                        "step 4: attachment",
                        "POST",
                        f"/aanvragen/{pk}/stap/4/",
                        data={**data, "bijlage_soort": "foto", "bijlage_toevoegen": "1"},
                        files={"bijlage": ("foto.png", FOTO, "image/png")},
                    )
                    pagina4 = self._stap("step 4", "GET", f"/aanvragen/{pk}/stap/4/")
                    data["csrfmiddlewaretoken"] = _token(pagina4.text)
                r = self._stap(f"step {n}", "POST", f"/aanvragen/{pk}/stap/{n}/", data=data)
            sleutel = SLEUTEL.search(r.text)
            if not sleutel:
                raise _Gestopt
            r = self._stap(
                "submit",
                "POST",
                f"/aanvragen/{pk}/indienen/",
                data={"csrfmiddlewaretoken": _token(r.text), "sleutel": sleutel.group(1)},
            )
            referentie = REFERENTIE.search(r.text)
            if not referentie:
                raise _Gestopt
            _noteer(
                {
                    "pk": int(pk),
                    "referentie": referentie.group(0),
                    "begin": self.begin,
                    "einde": time.time(),
                }
            )
            self.klaar = True
        except _Gestopt:
            self.klaar = True  # one attempt per resident; the failure is in the statistics
            _noteer({"mislukt": self.nummer, "begin": self.begin, "einde": time.time()})


class _Gestopt(Exception):  # noqa: N818
    pass
