"""Residents over real HTTP: the application journey and page browsing, with a tally.

Every request goes to gunicorn on 127.0.0.1 with ``requests`` and is counted in a ``Meting``.
A client behaves like a patient browser: it follows redirects itself, and when the portal
answers the Dutch 503 "busy, try again" page it waits (``Retry-After``, at most 3 s) and sends
the same request again, for at most ``GEDULD`` seconds. Any other 5xx, a connection error or a
timeout ends the journey: that is what a resident would see as a broken site.

Each client sends its own ``X-Forwarded-For`` address (the stack trusts it, as production does
behind its proxy), so the site-wide per-IP POST budget applies per resident and not to the one
address all synthetic residents share.
"""

import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit

import requests

TIMEOUT = 60  # s; what a proxy in front would wait (nginx's default proxy_read_timeout)
GEDULD = 45  # s of 503 answers a resident keeps retrying one request
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
START = re.compile(r'action="(/aanvragen/nieuw/\d+/)"')
SLEUTEL = re.compile(r'name="sleutel" value="([^"]+)"')
REFERENTIE = re.compile(r"DLF-\d{4}-\d{5}")
AANVRAAG_PK = re.compile(r"/aanvragen/(\d+)/")
PROBLEEM = re.compile(r'delft-error-summary__list">.*?<li>(.*?)</li>', re.S)
VELDFOUT = re.compile(r"utrecht-form-field-error-message[^>]*>\s*(.*?)\s*<", re.S)


def formulierfouten(html: str) -> str:
    """The error messages of a form page, for the report (the harness's data may be stale)."""
    fouten = PROBLEEM.findall(html) + VELDFOUT.findall(html)
    return "; ".join(dict.fromkeys(f.strip() for f in fouten if f.strip()))[:300]


class Mislukt(Exception):
    """The resident saw an error page or no answer at all."""


@dataclass
class Meting:
    """Thread-safe tally of responses: status codes, transport errors, latencies."""

    statussen: Counter = field(default_factory=Counter)
    fouten: Counter = field(default_factory=Counter)
    voorbeelden: list = field(default_factory=list)
    latenties: list = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def noteer(self, methode, pad, status, duur, fout=None):
        with self._lock:
            self.latenties.append(duur)
            if fout:
                self.fouten[fout] += 1
            else:
                self.statussen[status] += 1
            if (fout or status >= 500 and status != 503) and len(self.voorbeelden) < 20:
                moment = time.strftime("%H:%M:%S")
                self.voorbeelden.append(f"{moment} {methode} {pad} -> {fout or status}")

    @property
    def aantal(self) -> int:
        return sum(self.statussen.values()) + sum(self.fouten.values())

    @property
    def kapot(self) -> int:
        """Answers a resident sees as broken: 5xx other than the 503 page, or none at all."""
        vijf = sum(n for s, n in self.statussen.items() if s >= 500 and s != 503)
        return vijf + sum(self.fouten.values())

    def samenvatting(self) -> dict:
        lat = sorted(self.latenties) or [0.0]
        return {
            "requests": self.aantal,
            "status": {str(k): v for k, v in sorted(self.statussen.items())},
            "transport_errors": dict(self.fouten),
            "p50_s": round(lat[len(lat) // 2], 3),
            "p95_s": round(lat[min(len(lat) - 1, int(len(lat) * 0.95))], 3),
            "max_s": round(lat[-1], 3),
            "examples": list(self.voorbeelden),
        }


class Client:
    def __init__(self, basis: str, meting: Meting, ip: str, sessionid: str | None = None):
        self.basis, self.meting = basis, meting
        self.http = requests.Session()
        self.http.headers.update({"X-Forwarded-For": ip, "User-Agent": "wijkportaal-faults"})
        if sessionid:
            self.http.cookies.set("sessionid", sessionid, domain="127.0.0.1", path="/")
        self.antwoorden_503 = 0

    def _een(self, methode: str, pad: str, data=None) -> requests.Response:
        begin = time.monotonic()
        try:
            r = self.http.request(
                methode,
                urljoin(self.basis, pad),
                data=data,
                allow_redirects=False,
                timeout=TIMEOUT,
            )
        except requests.RequestException as fout:
            self.meting.noteer(methode, pad, None, time.monotonic() - begin, type(fout).__name__)
            raise Mislukt(f"{methode} {pad}: {type(fout).__name__}") from fout
        self.meting.noteer(methode, pad, r.status_code, time.monotonic() - begin)
        return r

    def vraag(self, methode: str, pad: str, data=None) -> requests.Response:
        """One request, resent while the answer is 503; then every redirect followed (GET)."""
        r = self._geduldig(methode, pad, data)
        for _ in range(5):
            if r.status_code not in (301, 302, 303):
                break
            pad = urlsplit(urljoin(self.basis, r.headers["Location"])).path
            r = self._geduldig("GET", pad, None)
        return r

    def _geduldig(self, methode, pad, data) -> requests.Response:
        einde = time.monotonic() + GEDULD
        while True:
            r = self._een(methode, pad, data)
            if r.status_code != 503:
                break
            self.antwoorden_503 += 1
            if time.monotonic() > einde:
                raise Mislukt(f"{methode} {pad}: still 503 after {GEDULD} s")
            time.sleep(min(float(r.headers.get("Retry-After", 3) or 3), 3))
        if r.status_code >= 400:
            raise Mislukt(f"{methode} {pad}: {r.status_code}")
        return r

    def token(self, html: str) -> str:
        gevonden = CSRF.search(html)
        if gevonden:
            return gevonden.group(1)
        return self.http.cookies.get("csrftoken", "")

    def login(self, email: str, wachtwoord: str) -> None:
        pagina = self.vraag("GET", "/accounts/login/")
        r = self.vraag(
            "POST",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": self.token(pagina.text),
                "login": email,
                "password": wachtwoord,
            },
        )
        if "sessionid" not in self.http.cookies or "/accounts/login/" in r.url:
            raise Mislukt(f"login {email}: not logged in")


@dataclass
class Uitkomst:
    """How a journey ended: 'ingediend', 'geweigerd' (the rules said no), 'klaar' (filled in,
    not submitted yet) or 'fout' (the resident saw an error)."""

    status: str
    pk: int | None = None
    referentie: str | None = None
    sleutel: str | None = None
    token: str | None = None
    reden: str = ""
    gestart: float = 0.0
    geeindigd: float = 0.0
    ingelogd_om: float | None = None  # when the login form was posted (form-login residents)


def stap_data(n: int, straat: str, buurt_pk: int, token: str) -> dict:
    datum = date.today() + timedelta(days=28)  # the demo street party: at least 21 days ahead
    stappen = {
        1: {"titel": f"Straatfeest {straat}", "omschrijving": "Een feest voor de hele straat."},
        2: {
            "straat": straat,
            "huisnummer": "12",
            "locatie_lat": "",
            "locatie_lon": "",
            "buurt": str(buurt_pk),
        },
        3: {
            "activiteit_datum": datum.isoformat(),
            "gevraagd_bedrag": "125,50",
            "huishoudens-TOTAL_FORMS": "5",
            "huishoudens-INITIAL_FORMS": "0",
            "huishoudens-MIN_NUM_FORMS": "0",
            "huishoudens-MAX_NUM_FORMS": "1000",
        },
        # Contact details and IBAN: fields a version of step 4 does not have are ignored.
        4: {
            "naam_aanvrager": "Bewoner van de straat",
            "adres_aanvrager": f"{straat} 12, 2624 HE Delft",
            "iban": "NL91 ABNA 0417 1643 00",
            "telefoon": "",
            "privacy_akkoord": "on",
        },
    }
    if n == 3:
        for i in range(5):
            stappen[3][f"huishoudens-{i}-adres"] = f"{straat} {i + 1}"
            stappen[3][f"huishoudens-{i}-naam"] = f"Buur {i + 1}"
            stappen[3][f"huishoudens-{i}-akkoord"] = "on"
    return {"csrfmiddlewaretoken": token, **stappen[n]}


def vul_in(client: Client, regeling_pad: str, straat: str, buurt_pk: int) -> Uitkomst:
    """Start an application on the scheme's page and fill in the four steps, up to the review."""
    uitkomst = Uitkomst("fout", gestart=time.time())
    try:
        pagina = client.vraag("GET", regeling_pad)
        start = START.search(pagina.text)
        if not start:
            raise Mislukt(f"no start form on {regeling_pad}")
        r = client.vraag("POST", start.group(1), {"csrfmiddlewaretoken": client.token(pagina.text)})
        pk = AANVRAAG_PK.search(urlsplit(r.url).path)
        uitkomst.pk = int(pk.group(1)) if pk else None
        for n in range(1, 5):
            pad = f"/aanvragen/{uitkomst.pk}/stap/{n}/"
            if urlsplit(r.url).path != pad:
                raise Mislukt(
                    f"expected step {n}, got {urlsplit(r.url).path}: {formulierfouten(r.text)}"
                )
            r = client.vraag("POST", pad, stap_data(n, straat, buurt_pk, client.token(r.text)))
        sleutel = SLEUTEL.search(r.text)
        if not sleutel:
            raise Mislukt(
                f"no review page after step 4 ({urlsplit(r.url).path}): {formulierfouten(r.text)}"
            )
        uitkomst.status, uitkomst.sleutel = "klaar", sleutel.group(1)
        uitkomst.token = client.token(r.text)
    except Mislukt as fout:
        uitkomst.reden = str(fout)
    uitkomst.geeindigd = time.time()
    return uitkomst


def dien_in(client: Client, uitkomst: Uitkomst) -> Uitkomst:
    """Press "submit" on the review page; the detail page shows the reference."""
    uitkomst.gestart = time.time()
    try:
        r = client.vraag(
            "POST",
            f"/aanvragen/{uitkomst.pk}/indienen/",
            {"csrfmiddlewaretoken": uitkomst.token, "sleutel": uitkomst.sleutel},
        )
        pad = urlsplit(r.url).path
        referentie = REFERENTIE.search(r.text)
        if pad == f"/aanvragen/{uitkomst.pk}/" and referentie:
            uitkomst.status, uitkomst.referentie = "ingediend", referentie.group(0)
        elif "delft-error-summary" in r.text:  # the review page again, with the problems
            uitkomst.status, uitkomst.reden = "geweigerd", formulierfouten(r.text)
        else:
            raise Mislukt(f"unexpected page after submit: {pad}")
    except Mislukt as fout:
        uitkomst.status, uitkomst.reden = "fout", str(fout)
    uitkomst.geeindigd = time.time()
    return uitkomst


def aanvraag(client, regeling_pad, straat, buurt_pk, login=None) -> Uitkomst:
    """The whole journey: (log in,) fill in, submit."""
    ingelogd_om = None
    if login:
        ingelogd_om = time.time()
        try:
            client.login(*login)
        except Mislukt as fout:
            return Uitkomst("fout", reden=str(fout), gestart=ingelogd_om, geeindigd=time.time(),
                            ingelogd_om=ingelogd_om)  # fmt: skip
    uitkomst = vul_in(client, regeling_pad, straat, buurt_pk)
    uitkomst.ingelogd_om = ingelogd_om
    if uitkomst.status != "klaar":
        return uitkomst
    return dien_in(client, uitkomst)


def blader(client: Client, paden: list[str], stop: threading.Event, max_aantal=1500) -> None:
    """Browse ``paden`` round-robin until ``stop`` (each answer tallied; no retry on 503)."""
    for i in range(max_aantal):
        if stop.is_set():
            return
        try:
            client._een("GET", paden[i % len(paden)])
        except Mislukt:
            pass
        stop.wait(0.25)
