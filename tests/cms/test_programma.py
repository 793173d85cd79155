"""District programmes (WijkprogrammaPage) and district reports (WijkverslagPage): where they
may be created, that they render and can be edited, what the programme shows per year, where
an activity's progress comes from, the programme's own validation, and a query count that does
not grow with the data. Data from tests/cms/factories_programma.py, not the demo loader."""

import re
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest
from allauth.account.models import EmailAddress
from PIL import Image as PILImage

from cms.blokken import InhoudBlokken
from cms.models import (
    AgendaThema,
    ContentPage,
    HomePage,
    Partner,
    ProgrammaActiviteit,
    WijkPage,
    WijkprogrammaPage,
    WijkverslagPage,
)
from portal.accounts.models import User
from tests.accounts.helpers import activeer_totp, totp_code
from tests.factories import WACHTWOORD

from .factories_programma import (
    PartnerFactory,
    ProgrammaActiviteitFactory,
    VerslagResultaatFactory,
    WijkprogrammaPageFactory,
    WijkverslagPageFactory,
)

# --- Page types: Wagtail's own assertions --------------------------------------------------


class TestPaginatypen(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.programma = WijkprogrammaPageFactory()
        cls.activiteit = ProgrammaActiviteitFactory(pagina=cls.programma)
        cls.verslag = WijkverslagPageFactory(programma=cls.programma)
        VerslagResultaatFactory(pagina=cls.verslag, activiteit=cls.activiteit)

    def test_programme_and_report_can_be_created_under_a_district_page_only(self):
        for paginatype in (WijkprogrammaPage, WijkverslagPage):
            self.assertCanCreateAt(WijkPage, paginatype)
            for ouder in (HomePage, ContentPage, WijkprogrammaPage, WijkverslagPage):
                self.assertCanNotCreateAt(ouder, paginatype)
        self.assertAllowedParentPageTypes(WijkprogrammaPage, {WijkPage})
        self.assertAllowedParentPageTypes(WijkverslagPage, {WijkPage})

    def test_programme_and_report_render(self):
        self.assertPageIsRenderable(self.programma)
        self.assertPageIsRenderable(self.verslag)

    def _beheerder_met_tweede_factor(self) -> User:
        """A superuser logged in through allauth with TOTP, as the admin requires of staff
        (StaffMFAMiddleware). assertPageIsEditable's force_login keeps this session; it logs
        out when done, so each test logs in once."""
        beheerder = User.objects.create_superuser(
            email="super@fabriek.example.org", password=WACHTWOORD
        )
        EmailAddress.objects.create(
            user=beheerder, email=beheerder.email, verified=True, primary=True
        )
        secret = activeer_totp(beheerder)
        self.client.post(
            reverse("account_login"), {"login": beheerder.email, "password": WACHTWOORD}
        )
        self.client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        self.assertEqual(self.client.get("/admin/").status_code, 200)
        return beheerder

    def assertBewerktEnGepubliceerd(self, pagina, **kwargs):
        """assertPageIsEditable only checks that the edit view does not crash; a new revision
        also shows that the posted form was valid."""
        revisies = pagina.revisions.count()
        self.assertPageIsEditable(pagina, user=self._beheerder_met_tweede_factor(), **kwargs)
        self.assertEqual(pagina.revisions.count(), revisies + 1)

    def test_programme_is_editable(self):
        self.assertBewerktEnGepubliceerd(self.programma)

    def _verslag_formulier(self) -> dict:
        """The report's edit form as posted. Its figures are a StreamField, which the form
        builds in the browser, so the data comes from Wagtail's form_data helpers rather than
        from the edit page's HTML."""
        resultaat = self.verslag.resultaten.get()
        return nested_form_data(
            {
                "title": self.verslag.title,
                "slug": self.verslag.slug,
                "jaar": self.verslag.jaar,
                "programma": self.programma.pk,
                "intro": rich_text("<p>Inleiding.</p>"),
                "behaald": rich_text("<p>Bereikt.</p>"),
                "resultaten": inline_formset(
                    [
                        {
                            "id": resultaat.pk,
                            "activiteit": self.activiteit.pk,
                            "status": resultaat.status,
                            "resultaat": resultaat.resultaat,
                        }
                    ],
                    initial=1,
                ),
                "cijfers": streamfield(
                    [("cijfer", {"waarde": "7", "label": "bijeenkomsten", "toelichting": ""})]
                ),
            }
        )

    def test_report_is_editable(self):
        data = {**self._verslag_formulier(), "action-publish": ""}
        self.assertBewerktEnGepubliceerd(self.verslag, post_data=data)

    # A preview renders the page from the form: activities and results in memory.
    def test_programme_preview_renders(self):
        self.assertPageIsPreviewable(self.programma, user=self._beheerder_met_tweede_factor())

    def test_report_preview_renders(self):
        self.assertPageIsPreviewable(
            self.verslag,
            post_data=self._verslag_formulier(),
            user=self._beheerder_met_tweede_factor(),
        )


# --- What the programme page shows --------------------------------------------------------

pytestmark = pytest.mark.django_db


def html_van(client, pagina) -> str:
    response = client.get(pagina.get_url())
    assert response.status_code == 200
    return response.content.decode()


def sectie(html: str, kop_id: str) -> str:
    """The <section> labelled by the heading with this id."""
    begin = html.index(f'aria-labelledby="{kop_id}"')
    return html[begin : html.index("</section>", begin)]


def test_each_year_table_lists_only_that_years_activities(client):
    programma = WijkprogrammaPageFactory(eerste_jaar=2030)
    ProgrammaActiviteitFactory(pagina=programma, jaar=2030, titel="Schouw in het eerste jaar")
    ProgrammaActiviteitFactory(pagina=programma, jaar=2031, titel="Bouw in het tweede jaar")

    html = html_van(client, programma)
    eerste, tweede = sectie(html, "activiteiten-2030"), sectie(html, "activiteiten-2031")
    assert "Schouw in het eerste jaar" in eerste and "Bouw in het tweede jaar" not in eerste
    assert "Bouw in het tweede jaar" in tweede and "Schouw in het eerste jaar" not in tweede
    for tabel in (eerste, tweede):
        assert "<caption" in tabel
        assert tabel.count('scope="col"') == 7
        assert tabel.count('scope="row"') == 2  # the activity and the total


def test_activity_row_shows_its_partners_and_dutch_amount(client):
    programma = WijkprogrammaPageFactory()
    trekker = PartnerFactory(naam="Trekkende partner", woningcorporatie=True)
    activiteit = ProgrammaActiviteitFactory(
        pagina=programma,
        trekker=trekker,
        partners=[PartnerFactory(naam="Partner Een"), PartnerFactory(naam="Partner Twee")],
    )
    ProgrammaActiviteitFactory(pagina=programma, budget_aandeel=None)

    html = html_van(client, programma)
    rij = html[html.index(f'id="activiteit-{activiteit.pk}"') :]
    rij = rij[: rij.index("</tr>")]
    assert "Trekkende partner" in rij
    assert "Partner Een, Partner Twee" in rij
    assert "€ 1.250,50" in rij  # Dutch thousands separator and decimal comma
    # The year's total leaves out the activity without an amount.
    assert "€ 1.250,50" in sectie(html, f"activiteiten-{programma.eerste_jaar}").split("<tfoot")[1]


def test_progress_comes_from_live_reports_only(client):
    programma = WijkprogrammaPageFactory()
    activiteit = ProgrammaActiviteitFactory(pagina=programma)
    gepubliceerd = WijkverslagPageFactory(programma=programma, title="Gepubliceerd verslag")
    resultaat = VerslagResultaatFactory(
        pagina=gepubliceerd, activiteit=activiteit, resultaat="Twintig buren deden mee"
    )
    concept = WijkverslagPageFactory(programma=programma, title="Conceptverslag", concept=True)
    VerslagResultaatFactory(pagina=concept, activiteit=activiteit, resultaat="Nog niet openbaar")

    html = html_van(client, programma)
    rij = html[html.index(f'id="activiteit-{activiteit.pk}"') :]
    rij = rij[: rij.index("</tr>")]
    assert "Twintig buren deden mee" in rij
    assert f'href="{gepubliceerd.get_url()}#resultaat-{resultaat.pk}"' in rij
    assert f"{gepubliceerd.jaar}: " in rij
    assert "Nog niet openbaar" not in html
    assert "Gepubliceerd verslag" in html and "Conceptverslag" not in html


def test_report_links_each_result_to_the_activity_row_and_back_to_the_programme(client):
    programma = WijkprogrammaPageFactory()
    activiteit = ProgrammaActiviteitFactory(pagina=programma, titel="Buurtkamer open")
    verslag = WijkverslagPageFactory(
        programma=programma,
        cijfers=[("cijfer", {"waarde": "42", "label": "bezoekers", "toelichting": "per week"})],
    )
    resultaat = VerslagResultaatFactory(pagina=verslag, activiteit=activiteit)

    html = html_van(client, verslag)
    assert f'href="{programma.get_url()}#activiteit-{activiteit.pk}">Buurtkamer open</a>' in html
    assert f'id="resultaat-{resultaat.pk}"' in html
    assert f'href="{programma.get_url()}">{programma.title}</a>' in html
    cijfers = sectie(html, "cijfers-titel")
    assert re.search(r"<dt>bezoekers<br><small>per week</small></dt>\s*<dd>42</dd>", cijfers)


def test_report_does_not_link_to_an_unpublished_programme(client):
    programma = WijkprogrammaPageFactory()
    verslag = WijkverslagPageFactory(programma=programma)
    VerslagResultaatFactory(pagina=verslag, activiteit=ProgrammaActiviteitFactory(pagina=programma))
    programma_url = programma.get_url()
    programma.unpublish()

    html = html_van(client, verslag)
    assert f'href="{programma_url}' not in html


def test_pages_link_the_print_stylesheet_for_print_only(client):
    programma = WijkprogrammaPageFactory()
    verslag = WijkverslagPageFactory(programma=programma)
    for pagina in (programma, verslag):
        html = html_van(client, pagina)
        assert re.search(r'<link rel="stylesheet" href="[^"]*/css/print\.css" media="print">', html)
        assert " style=" not in html
        assert not re.search(r'<script(?![^>]*(\bsrc=|type="application/json"))[^>]*>', html)


# --- Validation ---------------------------------------------------------------------------


def _programma_in_geheugen(activiteit: ProgrammaActiviteit) -> WijkprogrammaPage:
    return WijkprogrammaPage(
        title="Programma",
        eerste_jaar=2030,
        themas=[AgendaThema(titel="Speelruimte")],
        activiteiten=[activiteit],
    )


def test_clean_rejects_an_activity_outside_the_programme_years():
    programma = _programma_in_geheugen(
        ProgrammaActiviteit(titel="Te laat", jaar=2032, thema="Speelruimte")
    )
    with translation.override("nl"), pytest.raises(ValidationError) as fout:
        programma.clean()
    # Dutch, from locale/nl (the msgid is English).
    verwacht = "Activiteit “Te laat”: het jaar moet 2030 of 2031 zijn."
    assert fout.value.messages == [verwacht]


def test_clean_rejects_a_theme_that_is_not_on_the_agenda():
    programma = _programma_in_geheugen(
        ProgrammaActiviteit(titel="Los project", jaar=2030, thema="Iets anders")
    )
    with translation.override("nl"), pytest.raises(ValidationError) as fout:
        programma.clean()
    verwacht = "Activiteit “Los project”: het thema moet een van de thema's van de wijkagenda zijn."
    assert fout.value.messages == [verwacht]


def test_clean_accepts_the_agenda_theme_in_other_case_and_spacing():
    programma = _programma_in_geheugen(
        ProgrammaActiviteit(titel="Schouw", jaar=2031, thema=" speelruimte ")
    )
    programma.clean()


# --- Queries ------------------------------------------------------------------------------


def _vul_programma(programma, aantal: int) -> None:
    """``aantal`` activities with two partners each, and a live report with a result for each."""
    verslag = WijkverslagPageFactory(programma=programma)
    for _ in range(aantal):
        activiteit = ProgrammaActiviteitFactory(
            pagina=programma, partners=[PartnerFactory(), PartnerFactory()]
        )
        VerslagResultaatFactory(pagina=verslag, activiteit=activiteit)


def _aantal_queries(client, pagina) -> int:
    client.get(pagina.get_url())  # warm per-process caches (site root paths, footer links)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pagina.get_url()).status_code == 200
    return len(queries)


def test_programme_page_queries_do_not_grow_with_activities_and_reports(client):
    programma = WijkprogrammaPageFactory()
    _vul_programma(programma, 2)
    weinig = _aantal_queries(client, programma)
    _vul_programma(programma, 18)  # ten times the activities, another report
    veel = _aantal_queries(client, programma)
    assert veel == weinig, f"{weinig} queries with 2 activities, {veel} with 20"


def test_report_page_queries_do_not_grow_with_results(client):
    programma = WijkprogrammaPageFactory()
    verslag = WijkverslagPageFactory(programma=programma)
    for _ in range(2):
        VerslagResultaatFactory(
            pagina=verslag, activiteit=ProgrammaActiviteitFactory(pagina=programma)
        )
    weinig = _aantal_queries(client, verslag)
    for _ in range(18):
        VerslagResultaatFactory(
            pagina=verslag, activiteit=ProgrammaActiviteitFactory(pagina=programma)
        )
    veel = _aantal_queries(client, verslag)
    assert veel == weinig, f"{weinig} queries with 2 results, {veel} with 20"


# --- Content blocks -----------------------------------------------------------------------


def _afbeelding(titel: str):
    bestand = BytesIO()
    PILImage.new("RGB", (40, 30), "#1d4f91").save(bestand, "PNG")
    return get_image_model().objects.create(
        title=titel, file=ImageFile(bestand, name=f"{titel}.png")
    )


def test_content_blocks_render_text_images_with_their_alt_text_and_quotes():
    foto, sier = _afbeelding("buurtkamer"), _afbeelding("sierrand")
    blok = InhoudBlokken()
    waarde = blok.to_python(
        [
            {"type": "tekst", "value": "<p>Over de buurt.</p>"},
            {
                "type": "afbeelding",
                "value": {"image": foto.pk, "alt_text": "Buren aan de koffie", "decorative": False},
            },
            {"type": "afbeelding", "value": {"image": sier.pk, "alt_text": "", "decorative": True}},
            {"type": "citaat", "value": {"tekst": "Fijn dat het kan.", "bron": "Een bewoner"}},
        ]
    )
    html = blok.render(waarde)
    assert "<p>Over de buurt.</p>" in html
    assert re.search(r'<img [^>]*alt="Buren aan de koffie"', html)
    assert re.search(r'<img [^>]*alt=""', html)  # decorative
    assert re.search(r"<blockquote[^>]*>\s*<p[^>]*>Fijn dat het kan.</p>\s*</blockquote>", html)
    assert '<figcaption class="utrecht-blockquote__caption">Een bewoner</figcaption>' in html


# --- Demo content -------------------------------------------------------------------------


def test_demo_programmes_are_idempotent_and_labelled_as_examples(client):
    from cms.demo import VOORBEELD
    from cms.demo_programma import laad_programmas

    home = HomePage.objects.get()
    laad_programmas(home)  # creates them, unless laad_demo already did
    assert laad_programmas(home) == 0

    wijkpaginas = WijkPage.objects.child_of(home)
    programmas = WijkprogrammaPage.objects.live()
    verslagen = WijkverslagPage.objects.live()
    for wijkpagina in wijkpaginas:
        assert programmas.child_of(wijkpagina).count() == 1
        assert verslagen.child_of(wijkpagina).count() == 1
    for pagina in [*programmas, *verslagen]:
        assert pagina.intro.startswith(VOORBEELD), pagina.title
        assert pagina.get_latest_revision() is not None
    for verslag in verslagen:
        assert verslag.programma is not None and verslag.resultaten.exists()
        assert all(r.activiteit.jaar == verslag.jaar for r in verslag.resultaten.all())
        assert all(r.resultaat.startswith("Voorbeeld") for r in verslag.resultaten.all())
    betrokken = Partner.objects.filter(naam__in=_partners_in_programmas())
    assert betrokken.exists()
    assert all("(voorbeeld)" in p.naam for p in betrokken)
    for pagina in (programmas.first(), verslagen.first()):
        assert client.get(pagina.get_url()).status_code == 200


def _partners_in_programmas() -> set[str]:
    namen = set()
    for activiteit in ProgrammaActiviteit.objects.filter(
        pagina__in=WijkprogrammaPage.objects.all()
    ).select_related("trekker"):
        namen.add(activiteit.trekker.naam)
        namen.update(p.naam for p in activiteit.partners.all())
    return namen
