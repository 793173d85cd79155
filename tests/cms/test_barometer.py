"""The district barometer: its series, its charts (SVG) with the same numbers as their tables,
the page with its GET form, and the administrators' CSV import of indicator values."""

import re
from decimal import Decimal
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.test.utils import WagtailPageTestCase

import pytest

from cms.barometer.import_csv import ImportFout, importeer_csv
from cms.barometer.reeksen import Reeks, Rij, reeksen, rijen_per_jaar, rijen_per_wijk
from cms.barometer.svg import lijndiagram, nette_schaal, staafdiagram
from cms.demo_barometer import laad_barometer
from cms.models import BarometerPage, HomePage, IndicatorWaarde, WijkPage
from portal.gebieden.models import Wijk
from tests.accounts.helpers import activeer_totp, totp_code
from tests.factories import WACHTWOORD, EindredacteurFactory

from .factories_barometer import IndicatorFactory, IndicatorWaardeFactory, reeks_voor

pytestmark = pytest.mark.django_db


def inloggen(client, user, wachtwoord=WACHTWOORD):
    """Log in through allauth with password and TOTP, as staff do."""
    secret = activeer_totp(user)
    client.post(reverse("account_login"), {"login": user.email, "password": wachtwoord})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302, "login with TOTP failed"
    return client


@pytest.fixture
def pagina(db):
    laad_barometer(HomePage.objects.get())
    return BarometerPage.objects.get()


def html_van(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- Reading charts and tables back out of the page -----------------------------------------


class _Grafieken(HTMLParser):
    """Per chart id: the value and label texts in its SVG, and the rows (th, td) of its table."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.svg: dict[str, dict[str, list[str]]] = {}
        self.tabellen: dict[str, list[tuple[str, str]]] = {}
        self._svg = self._tabel = self._klasse = self._cel = None
        self._rij: list[str] = []
        self._tekst = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and attrs.get("role") == "img":
            self._svg = attrs["aria-labelledby"].removesuffix("-titel")
            self.svg[self._svg] = {"waarde": [], "label": []}
        elif tag == "text" and self._svg:
            klasse = attrs.get("class", "")
            self._klasse = (
                "waarde" if "waarde" in klasse else "label" if "label" in klasse else None
            )
            self._tekst = ""
        elif tag == "table" and attrs.get("id", "").endswith("-tabel"):
            self._tabel = attrs["id"].removesuffix("-tabel")
            self.tabellen[self._tabel] = []
        elif tag == "tr" and self._tabel:
            self._rij = []
        elif tag in ("th", "td") and self._tabel:
            self._cel = ""

    def handle_endtag(self, tag):
        if tag == "svg":
            self._svg = None
        elif tag == "text" and self._svg and self._klasse:
            self.svg[self._svg][self._klasse].append(self._tekst.strip())
            self._klasse = None
        elif tag in ("th", "td") and self._tabel and self._cel is not None:
            self._rij.append(self._cel.strip())
            self._cel = None
        elif tag == "tr" and self._tabel:
            if len(self._rij) == 2:
                self.tabellen[self._tabel].append(tuple(self._rij))
        elif tag == "table":
            self._tabel = None

    def handle_data(self, data):
        if self._klasse:
            self._tekst += data
        if self._cel is not None:
            self._cel += data


def grafieken(html: str) -> _Grafieken:
    parser = _Grafieken()
    parser.feed(html)
    return parser


def tabelrijen(parser, grafiek_id):
    """The table's body rows (the header row is the first)."""
    return parser.tabellen[grafiek_id][1:]


# --- Page type ---------------------------------------------------------------------------


class TestBarometerPaginatype(WagtailPageTestCase):
    def setUp(self):
        laad_barometer(HomePage.objects.get())
        self.pagina = BarometerPage.objects.get()

    def test_can_be_created_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(BarometerPage, {HomePage})
        self.assertCanCreateAt(HomePage, BarometerPage)
        self.assertCanNotCreateAt(WijkPage, BarometerPage)
        self.assertAllowedSubpageTypes(BarometerPage, set())

    def test_is_renderable_with_and_without_a_choice(self):
        self.assertPageIsRenderable(self.pagina)
        self.assertPageIsRenderable(
            self.pagina, query_data={"indicator": "cbs-pct-65plus", "wijk": "voorhof"}
        )
        self.assertPageIsRenderable(self.pagina, query_data={"indicator": "bestaat-niet"})

    def test_is_editable_by_the_final_editor(self):
        eindredacteur = EindredacteurFactory()
        inloggen(self.client, eindredacteur)
        self.assertPageIsEditable(self.pagina, user=eindredacteur)


# --- Series ------------------------------------------------------------------------------


def test_cbs_series_are_the_key_figures_of_the_policy_districts():
    barometer = reeksen()
    inwoners = barometer.reeks("cbs-inwoners")
    per_naam = {wijk.naam: per_jaar for wijk, per_jaar in inwoners.waarden.items()}
    assert per_naam["Buitenhof"] == {2024: Decimal(14525)}
    assert per_naam["Tanthof"] == {2024: Decimal(14115)}  # Tanthof-West + -Oost + Abtswoude
    assert "2024" in inwoners.bron and "CBS" in inwoners.bron
    assert {r.sleutel for r in barometer.reeksen} >= {
        "cbs-inwoners",
        "cbs-pct-65plus",
        "cbs-pct-0-15",
        "cbs-huishoudens",
        "cbs-huishoudensgrootte",
        "cbs-dichtheid",
    }


def test_an_indicator_becomes_a_series_with_its_values():
    indicator = IndicatorFactory(naam="Tevredenheid", eenheid="%")
    tanthof = Wijk.objects.get(slug="tanthof")
    IndicatorWaardeFactory(indicator=indicator, wijk=tanthof, jaar=2023, waarde=Decimal("71.5"))
    IndicatorWaardeFactory(indicator=indicator, wijk=tanthof, jaar=2024, waarde=Decimal("73"))
    reeks = reeksen().reeks(indicator.slug)
    assert reeks.label == "Tevredenheid"
    assert reeks.waarden[tanthof] == {2023: Decimal("71.5"), 2024: Decimal("73")}
    assert reeks.jaren == [2023, 2024] and reeks.heeft_verloop
    assert reeks.decimalen == 1


def test_rows_are_rounded_as_shown_and_formatted_in_dutch():
    wijken = list(Wijk.objects.defer("grens")[:3])
    reeks = Reeks(
        sleutel="x",
        label="X",
        eenheid="%",
        bron="Testbron",
        waarden={wijken[0]: {2024: Decimal("1234.56")}, wijken[1]: {2024: Decimal("12.5")}},
        decimalen=1,
    )
    rijen = rijen_per_wijk(reeks, 2024, wijken)
    with translation.override("nl"):
        assert [r.tekst for r in rijen[:2]] == ["1.234,6%", "12,5%"]
    assert rijen[0].waarde == Decimal("1234.6")
    assert rijen[2].waarde is None  # no value: last, without a number
    assert [r.label for r in rijen_per_jaar(reeks, wijken[1])] == ["2024"]


# --- Charts ------------------------------------------------------------------------------


def test_bar_chart_is_an_accessible_svg_without_style_attributes():
    rijen = [Rij("Tanthof", Decimal(10), "10"), Rij("Voorhof", None, "geen waarde")]
    svg = staafdiagram(rijen, id="t", titel="Titel <b>", beschrijving="Beschrijving & meer")
    assert 'role="img"' in svg
    assert (
        'aria-labelledby="t-titel"' in svg and '<title id="t-titel">Titel &lt;b&gt;</title>' in svg
    )
    assert 'aria-describedby="t-desc"' in svg and "Beschrijving &amp; meer" in svg
    assert " style=" not in svg
    assert svg.count("<rect") == 2  # background and the one bar with a value
    # Coordinates are never localised (a decimal comma would break the SVG).
    assert not re.search(r'(x|y|width|height)="[0-9.]*,', svg)


def test_negative_values_get_bars_to_the_left_of_zero():
    rijen = [Rij("A", Decimal(5), "5"), Rij("B", Decimal(-5), "-5")]
    svg = staafdiagram(rijen, id="t", titel="t", beschrijving="d")
    balken = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)[1:]
    (x_a, breedte_a), (x_b, breedte_b) = [(float(x), float(b)) for x, b in balken]
    assert breedte_a == pytest.approx(breedte_b, abs=0.15)
    assert x_b + breedte_b == pytest.approx(x_a, abs=0.15)  # B ends where A starts: at zero


def test_line_chart_breaks_the_line_at_a_year_without_value():
    rijen = [
        Rij("2021", Decimal(1), "1"),
        Rij("2022", Decimal(2), "2"),
        Rij("2023", None, "geen waarde"),
        Rij("2024", Decimal(4), "4"),
        Rij("2025", Decimal(3), "3"),
    ]
    svg = lijndiagram(rijen, id="l", titel="t", beschrijving="d")
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 4
    assert 'role="img"' in svg and " style=" not in svg


@pytest.mark.parametrize(
    ("laagste", "hoogste", "verwacht"),
    [
        (73, 76, ["72", "73", "74", "75", "76", "77"]),
        (0.2, 0.9, ["0", "0.2", "0.4", "0.6", "0.8", "1"]),
        (-3, 5, ["-5", "-2.5", "0", "2.5", "5", "7.5"]),
        (14000, 14600, ["13800", "14000", "14200", "14400", "14600", "14800"]),
        (0, 0, ["0", "0.25", "0.5", "0.75", "1"]),
    ],
)
def test_line_chart_axis_has_round_ticks_around_the_values(laagste, hoogste, verwacht):
    ticks, _decimalen = nette_schaal(laagste, hoogste)
    assert [f"{t.normalize():f}" for t in ticks] == verwacht


def test_line_chart_says_where_its_axis_runs():
    rijen = [Rij("2023", Decimal(73), "73"), Rij("2024", Decimal(76), "76")]
    with translation.override("en"):
        svg = lijndiagram(rijen, id="l", titel="t", beschrijving="Twee jaren.")
    assert "Twee jaren. The vertical axis runs from 72 to 77." in svg


def test_table_numbers_equal_chart_numbers_for_both_comparisons(client, pagina):
    indicator = IndicatorFactory(naam="Gevoel van veiligheid", eenheid="%")
    reeks_voor(
        indicator,
        [2022, 2023, 2024],
        waarde=lambda wijk, jaar: Decimal(60) + Decimal(wijk.volgorde) + Decimal(jaar - 2022) / 4,
    )
    voorhof = Wijk.objects.get(slug="voorhof")
    IndicatorWaarde.objects.filter(indicator=indicator, wijk=voorhof, jaar=2023).delete()

    html = html_van(client.get(pagina.url, {"indicator": indicator.slug, "wijk": "voorhof"}))
    parser = grafieken(html)
    assert set(parser.svg) == {"grafiek-wijken", "grafiek-verloop"}

    wijken_svg = parser.svg["grafiek-wijken"]
    wijken_tabel = tabelrijen(parser, "grafiek-wijken")
    assert list(zip(wijken_svg["label"], wijken_svg["waarde"], strict=True)) == wijken_tabel
    assert len(wijken_tabel) == 8
    assert all(re.fullmatch(r"\d+(,\d+)?%", waarde) for _, waarde in wijken_tabel)

    verloop_svg = parser.svg["grafiek-verloop"]
    verloop_tabel = tabelrijen(parser, "grafiek-verloop")
    assert [jaar for jaar, _ in verloop_tabel] == ["2022", "2023", "2024"]
    assert verloop_svg["label"] == ["2022", "2023", "2024"]
    assert verloop_svg["waarde"] == [waarde for _, waarde in verloop_tabel]
    # Voorhof has no value in 2023: the table and the chart both say so, in the same words.
    assert verloop_tabel[1][1] == verloop_svg["waarde"][1]
    assert not re.search(r"\d", verloop_tabel[1][1])


def test_cbs_figures_appear_in_chart_and_table_with_dutch_separators(client, pagina):
    html = html_van(client.get(pagina.url, {"indicator": "cbs-inwoners"}))
    parser = grafieken(html)
    tabel = dict(tabelrijen(parser, "grafiek-wijken"))
    assert tabel["Buitenhof"] == "14.525"
    assert "14.525" in parser.svg["grafiek-wijken"]["waarde"]
    assert "grafiek-verloop" not in parser.svg  # one year of CBS data: no time comparison
    assert "CBS" in html[html.index("delft-grafiek__bron") :][:300]


def test_labels_from_the_admin_are_escaped_in_chart_and_table(client, pagina):
    indicator = IndicatorFactory(naam="<script>alert(1)</script>", eenheid="<b>")
    reeks_voor(indicator, [2024])
    html = html_van(client.get(pagina.url, {"indicator": indicator.slug}))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- The page: form and states ---------------------------------------------------------------


def test_form_has_visible_labels_and_a_submit_button(client, pagina):
    html = html_van(client.get(pagina.url))
    formulier = html[html.index('<form class="delft-form delft-filter" method="get"') :]
    formulier = formulier[: formulier.index("</form>")]
    for veld in ("indicator", "jaar", "wijk"):
        assert f'<label class="utrecht-form-label" for="id_{veld}">' in formulier
        assert f'<select name="{veld}"' in formulier
    assert 'type="submit"' in formulier
    assert len(re.findall(r"<h1[ >]", html)) == 1


def test_unknown_choice_is_reported_and_the_default_is_shown(client, pagina):
    html = html_van(client.get(pagina.url, {"indicator": "bestaat-niet"}))
    assert "data-error-summary" in html
    assert 'aria-invalid="true"' in html
    assert "grafiek-wijken" in grafieken(html).svg


def test_indicator_without_values_shows_the_no_data_state(client, pagina):
    indicator = IndicatorFactory(naam="Nog te meten")
    html = html_van(client.get(pagina.url, {"indicator": indicator.slug}))
    assert not grafieken(html).svg
    assert 'id="barometer-geen-gegevens"' in html
    assert "Nog te meten" in html


def test_a_year_without_figures_falls_back_to_the_latest_year(client, pagina):
    indicator = IndicatorFactory()
    reeks_voor(indicator, [2023, 2024])
    reeks_voor(IndicatorFactory(), [2020])  # 2020 is offered in the form
    html = html_van(client.get(pagina.url, {"indicator": indicator.slug, "jaar": "2020"}))
    assert "2020" in html[html.index('id="barometer-wijken"') :][:1500]
    titel = re.search(r'<title id="grafiek-wijken-titel">([^<]*)</title>', html).group(1)
    assert titel.endswith("2024")


def test_query_count_is_constant_when_values_grow_tenfold(client, pagina):
    indicator = IndicatorFactory()
    reeks_voor(indicator, [2023, 2024])
    IndicatorFactory()  # an indicator without values
    params = {"indicator": indicator.slug, "wijk": "tanthof"}
    client.get(pagina.url, params)  # warm per-process caches

    def tel():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(pagina.url, params).status_code == 200
        return len(queries)

    weinig = tel()
    reeks_voor(indicator, range(2005, 2023))  # 2 → 20 years: 16 → 160 values
    for _ in range(9):
        reeks_voor(IndicatorFactory(), [2023, 2024])
    assert IndicatorWaarde.objects.count() >= 10 * 16
    assert tel() == weinig
    assert weinig <= 12, weinig


# --- CSV import --------------------------------------------------------------------------


def csv_bytes(*regels: str, bom: bool = False) -> bytes:
    tekst = "\n".join(regels) + "\n"
    return ("\ufeff" if bom else "").encode() + tekst.encode("utf-8")


def fouten_van(inhoud: bytes, indicator=None) -> list[tuple[int, str]]:
    with pytest.raises(ImportFout) as fout:
        importeer_csv(inhoud, indicator)
    return [(f.regel, f.code) for f in fout.value.fouten]


def test_good_file_creates_then_updates_values():
    indicator = IndicatorFactory(slug="veiligheid")
    inhoud = csv_bytes(
        "indicator;wijk;jaar;waarde",
        "veiligheid;Tanthof;2023;78,5",
        "veiligheid;hof-van-delft;2023;74",
        "",
        "VEILIGHEID;  buitenhof ;2024;-1.25",
    )
    resultaat = importeer_csv(inhoud)
    assert (resultaat.aangemaakt, resultaat.bijgewerkt, resultaat.ongewijzigd) == (3, 0, 0)
    waarden = {
        (w.wijk.slug, w.jaar): w.waarde for w in IndicatorWaarde.objects.filter(indicator=indicator)
    }
    assert waarden == {
        ("tanthof", 2023): Decimal("78.5"),
        ("hof-van-delft", 2023): Decimal("74"),
        ("buitenhof", 2024): Decimal("-1.25"),
    }

    opnieuw = csv_bytes(
        "wijk;jaar;waarde;indicator",  # columns in any order
        "Tanthof;2023;80;veiligheid",
        "Hof van Delft;2023;74,00;veiligheid",
        "Voorhof;2023;70;veiligheid",
    )
    resultaat = importeer_csv(opnieuw)
    assert (resultaat.aangemaakt, resultaat.bijgewerkt, resultaat.ongewijzigd) == (1, 1, 1)
    assert IndicatorWaarde.objects.get(indicator=indicator, wijk__slug="tanthof").waarde == 80


def test_bom_and_comma_separator_with_quoted_decimal_comma():
    indicator = IndicatorFactory(slug="tevredenheid")
    inhoud = csv_bytes(
        "indicator,wijk,jaar,waarde",
        'tevredenheid,Voorhof,2024,"7,5"',
        "tevredenheid,Wippolder,2024,8.25",
        bom=True,
    )
    assert importeer_csv(inhoud).aangemaakt == 2
    assert IndicatorWaarde.objects.get(indicator=indicator, wijk__slug="voorhof").waarde == Decimal(
        "7.5"
    )


def test_indicator_chosen_in_the_form_replaces_the_column():
    indicator = IndicatorFactory()
    inhoud = csv_bytes("wijk;jaar;waarde", "Binnenstad;2024;3", "Vrijenban;2024;4")
    assert importeer_csv(inhoud, indicator).aangemaakt == 2
    assert fouten_van(inhoud) == [(1, "kolom_ontbreekt")]


def test_bad_rows_are_reported_per_line_and_nothing_is_imported():
    indicator = IndicatorFactory(slug="veiligheid")
    IndicatorWaardeFactory(indicator=indicator, jaar=2023, waarde=Decimal(1))
    volgend_jaar = timezone.localdate().year + 1
    inhoud = csv_bytes(
        "indicator;wijk;jaar;waarde",  # 1
        "veiligheid;Tanthof;2023;78,5",  # 2: right, yet not imported
        "veiligheid;Tanthoff;2023;70",  # 3: unknown district
        "onbekend;Voorhof;2023;70",  # 4: unknown indicator
        "veiligheid;Voorhof;1899;70",  # 5: year out of range
        f"veiligheid;Voorhof;{volgend_jaar};70",  # 6: year out of range (future)
        "veiligheid;Tanthof;2023;79",  # 7: same as line 2
        "veiligheid;Buitenhof;2023;1.234,5",  # 8: thousands separator
        "veiligheid;Buitenhof;2023;12,345",  # 9: three decimals
        "veiligheid;Buitenhof;twintig;abc",  # 10: two errors on one line
        "veiligheid;Buitenhof;2023",  # 11: a column short
        "veiligheid;;2023;5",  # 12: no district
    )
    assert fouten_van(inhoud) == [
        (3, "wijk_onbekend"),
        (4, "indicator_onbekend"),
        (5, "jaar_buiten_bereik"),
        (6, "jaar_buiten_bereik"),
        (7, "dubbel"),
        (8, "waarde_ongeldig"),
        (9, "waarde_decimalen"),
        (10, "jaar_ongeldig"),
        (10, "waarde_ongeldig"),
        (11, "aantal_kolommen"),
        (12, "wijk_leeg"),
    ]
    assert IndicatorWaarde.objects.filter(indicator=indicator).count() == 1
    assert IndicatorWaarde.objects.get(indicator=indicator).waarde == 1


def test_error_messages_name_the_line_and_the_value():
    IndicatorFactory(slug="veiligheid")
    inhoud = csv_bytes("indicator;wijk;jaar;waarde", "veiligheid;Tanthoff;2023;70")
    with pytest.raises(ImportFout) as fout, translation.override("en"):
        importeer_csv(inhoud)
    with translation.override("en"):
        assert [str(f) for f in fout.value.fouten] == ["Line 2: unknown district 'Tanthoff'."]


def test_header_errors_and_unreadable_files_are_refused():
    assert fouten_van(csv_bytes("indicator;wijk;jaar;waard", "x;Tanthof;2023;1")) == [
        (1, "kolom_ontbreekt"),
        (1, "kolom_onbekend"),
    ]
    assert fouten_van("indicator;wijk;jaar;waarde\nx;Tanthof;2023;é\n".encode("latin-1")) == [
        (0, "geen_utf8")
    ]
    assert fouten_van(b"") == [(0, "leeg")]
    assert fouten_van(csv_bytes("indicator;wijk;jaar;waarde")) == [(0, "geen_rijen")]


def test_row_naming_another_indicator_than_the_chosen_one_is_refused():
    gekozen = IndicatorFactory(slug="gekozen")
    IndicatorFactory(slug="andere")
    inhoud = csv_bytes("indicator;wijk;jaar;waarde", "andere;Tanthof;2024;1", ";Voorhof;2024;2")
    assert fouten_van(inhoud, gekozen) == [(2, "indicator_anders")]


# --- Admin ---------------------------------------------------------------------------------


def test_administrator_imports_a_file_in_the_admin(client, beheerder):
    indicator = IndicatorFactory(slug="veiligheid")
    inloggen(client, beheerder)
    url = reverse("barometer_indicatoren:import")
    html = html_van(client.get(url))
    assert "indicator;wijk;jaar;waarde" in html  # the format is on the page

    bestand = SimpleUploadedFile(
        "barometer.csv",
        csv_bytes("indicator;wijk;jaar;waarde", "veiligheid;Tanthof;2024;78,5", bom=True),
        content_type="text/csv",
    )
    response = client.post(url, {"bestand": bestand}, follow=True)
    assert response.redirect_chain == [(url, 302)]
    berichten = [str(m) for m in response.context["messages"]]
    assert any("1" in m for m in berichten), berichten
    assert IndicatorWaarde.objects.get(indicator=indicator).waarde == Decimal("78.5")


def test_administrator_sees_every_bad_line_and_nothing_is_imported(client, beheerder):
    indicator = IndicatorFactory(slug="veiligheid")
    inloggen(client, beheerder)
    bestand = SimpleUploadedFile(
        "barometer.csv",
        csv_bytes("wijk;jaar;waarde", "Tanthof;2024;1", "Tanthoff;2024;2", "Voorhof;2024;x"),
    )
    response = client.post(
        reverse("barometer_indicatoren:import"), {"bestand": bestand, "indicator": indicator.pk}
    )
    html = html_van(response)
    fouten = html[html.index('id="importfouten"') :]
    fouten = fouten[: fouten.index("</ul>")]
    assert fouten.count("<li>") == 2
    assert "3:" in fouten and "&#x27;Tanthoff&#x27;" in fouten and "4:" in fouten
    assert not IndicatorWaarde.objects.filter(indicator=indicator).exists()


def test_administrator_creates_an_indicator_but_not_with_a_cbs_code(client, beheerder):
    inloggen(client, beheerder)
    url = reverse("barometer_indicatoren:add")
    gegevens = {"naam": "Buurtbinding", "eenheid": "%", "omschrijving": "", "bron": "Enquête"}
    response = client.post(url, {**gegevens, "slug": "cbs-inwoners"})
    assert response.status_code == 200 and "slug" in response.context["form"].errors
    response = client.post(url, {**gegevens, "slug": "buurtbinding"})
    assert response.status_code == 302
    assert html_van(client.get(reverse("barometer_indicatoren:index"))).count("Buurtbinding")


def test_administrator_finds_the_barometer_in_the_admin_menu(client, beheerder):
    inloggen(client, beheerder)
    html = html_van(client.get(reverse("wagtailadmin_home")))
    assert reverse("barometer_indicatoren:import") in html
    assert reverse("barometer_indicatoren:index") in html


@pytest.mark.parametrize("rol", ["coordinator_tanthof", "redacteur"])
@pytest.mark.parametrize("naam", ["import", "index", "add"])
def test_other_roles_are_refused(client, request, rol, naam):
    inloggen(client, request.getfixturevalue(rol))
    response = client.get(reverse(f"barometer_indicatoren:{naam}"))
    assert response.status_code == 403
    response = client.post(
        reverse("barometer_indicatoren:import"),
        {"bestand": SimpleUploadedFile("x.csv", csv_bytes("wijk;jaar;waarde"))},
    )
    assert response.status_code == 403


def test_coordinator_gets_no_barometer_menu(client, coordinator_tanthof):
    inloggen(client, coordinator_tanthof)
    html = html_van(client.get(reverse("wagtailadmin_home")))
    assert reverse("barometer_indicatoren:import") not in html


# --- Demo -------------------------------------------------------------------------------------


def test_demo_barometer_page_is_example_content_without_invented_figures():
    home = HomePage.objects.get()
    laad_barometer(home)
    assert laad_barometer(home) == 0  # idempotent
    pagina = BarometerPage.objects.get()
    assert "Voorbeeldtekst" in pagina.intro
    assert pagina.get_parent().specific == home
    assert not IndicatorWaarde.objects.exists()
