"""The play-space map in "Mijn gegevens": export, account deletion and retention rules."""

import json
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

import pytest

from portal.accounts.privacy import exporteer_gegevens, verwijder_account
from portal.accounts.retentie import geregistreerde_regels
from portal.bijlagen import controleer_bestand
from portal.gebieden.models import Buurt
from speelkaart import besluiten, privacy
from speelkaart.constants import MeldingStatus, WensStatus
from speelkaart.models import Melding, Speelplek, Waardering, Wens, WensSteun
from tests.factories import BewonerFactory, SpeelplekFactory, WensFactory

from .test_meldingen import jpeg_met_exif

pytestmark = pytest.mark.django_db

M, W = MeldingStatus, WensStatus
SCORES = {"speelwaarde": 5, "veiligheid": 5, "onderhoud": 5, "leeftijd": 5}


@pytest.fixture(autouse=True)
def prive_opslag(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "prive"


@pytest.fixture
def speelplek(tanthof):
    return SpeelplekFactory(in_buurt=Buurt.objects.filter(wijk=tanthof).first())


def _foto():
    return controleer_bestand(SimpleUploadedFile("foto.jpg", jpeg_met_exif()))


@pytest.fixture
def gegevens(speelplek, bewoner, coordinator_tanthof):
    """Everything a resident can leave on the map, and a neighbour's rating and wish."""
    buur = BewonerFactory()
    besluiten.bewaar_waardering(speelplek, bewoner, scores=SCORES, opmerking="Mijn-opmerking")
    besluiten.bewaar_waardering(speelplek, buur, scores=dict.fromkeys(SCORES, 1), opmerking="")
    melding = besluiten.dien_melding_in(
        speelplek, bewoner, categorie="kapot", tekst="Mijn-melding", foto=_foto()
    )
    wens = besluiten.dien_wens_in(
        bewoner, soort="nieuw", titel="Mijn-wens", tekst="Uitleg", buurt=speelplek.buurt
    )
    wens_buur = WensFactory(in_buurt=speelplek.buurt, bewoner=buur, titel="Wens-van-de-buur")
    besluiten.wens_publiceren(wens_buur, door=coordinator_tanthof)
    besluiten.steun_wens(wens_buur, bewoner)
    return {"melding": melding, "wens": wens, "wens_buur": wens_buur, "buur": buur}


def test_the_export_holds_ratings_reports_wishes_and_support(bewoner, gegevens):
    export = exporteer_gegevens(bewoner)["gegevens"]["speelkaart"]
    tekst = json.dumps(export, cls=DjangoJSONEncoder)  # JSON as "Mijn gegevens" sends it
    assert [w["opmerking"] for w in export["waarderingen"]] == ["Mijn-opmerking"]
    assert export["waarderingen"][0]["speelwaarde"] == 5
    [melding] = export["meldingen"]
    assert melding["tekst"] == "Mijn-melding" and melding["foto"] is True
    assert gegevens["melding"].foto.name not in tekst  # neither the file nor its name
    assert [w["titel"] for w in export["wensen"]] == ["Mijn-wens"]
    assert [s["wens"] for s in export["steun_voor_wensen"]] == ["Wens-van-de-buur"]
    assert "Wens-van-de-buur" not in [w["titel"] for w in export["wensen"]]


def test_deleting_the_account_removes_ratings_and_support_and_anonymises_the_rest(
    bewoner, speelplek, gegevens
):
    melding, wens, wens_buur = gegevens["melding"], gegevens["wens"], gegevens["wens_buur"]
    foto_naam = melding.foto.name
    opslag = melding.foto.storage
    assert opslag.exists(foto_naam)
    wens_buur.refresh_from_db()
    assert wens_buur.aantal_steun == 1

    verwijder_account(bewoner)

    assert not Waardering.objects.filter(opmerking="Mijn-opmerking").exists()
    speelplek = Speelplek.objects.get(pk=speelplek.pk)
    assert speelplek.aantal_waarderingen == 1  # the neighbour's rating only
    assert speelplek.gem_speelwaarde == Decimal("1.00")
    assert not WensSteun.objects.exists()
    wens_buur.refresh_from_db()
    assert wens_buur.aantal_steun == 0
    melding = Melding.objects.get(pk=melding.pk)
    assert melding.bewoner is None and not melding.foto and melding.foto_mime == ""
    assert not opslag.exists(foto_naam)
    assert melding.tekst == "Mijn-melding"  # kept for the district's records
    assert Wens.objects.get(pk=wens.pk).bewoner is None


def test_retention_rules_are_registered():
    regels = geregistreerde_regels()
    for regel in (privacy.oude_fotos, privacy.oude_melders, privacy.oude_indieners_van_wensen):
        assert regel in regels.values()


def _afgehandeld(item, dagen):
    type(item).objects.filter(pk=item.pk).update(gewijzigd=timezone.now() - timedelta(days=dagen))


def test_photos_of_handled_reports_go_after_180_days(speelplek, bewoner, coordinator_tanthof):
    oud = besluiten.dien_melding_in(speelplek, bewoner, categorie="kapot", tekst="a", foto=_foto())
    recent = besluiten.dien_melding_in(
        speelplek, bewoner, categorie="kapot", tekst="b", foto=_foto()
    )
    lopend = besluiten.dien_melding_in(
        speelplek, bewoner, categorie="kapot", tekst="c", foto=_foto()
    )
    for melding in (oud, recent):
        besluiten.melding_oplossen(melding, door=coordinator_tanthof)
    _afgehandeld(oud, 181)
    _afgehandeld(recent, 179)
    _afgehandeld(lopend, 400)  # still being reported on: kept

    assert privacy.oude_fotos() == 1
    assert not Melding.objects.get(pk=oud.pk).foto
    assert Melding.objects.get(pk=recent.pk).foto
    assert Melding.objects.get(pk=lopend.pk).foto
    assert Melding.objects.get(pk=oud.pk).bewoner == bewoner  # the reporter stays longer


def test_the_reporter_of_a_handled_report_and_a_handled_wish_goes_after_730_days(
    speelplek, bewoner, coordinator_tanthof
):
    melding = besluiten.dien_melding_in(speelplek, bewoner, categorie="kapot", tekst="a")
    besluiten.melding_afwijzen(melding, door=coordinator_tanthof, motivatie="Niet van ons.")
    wens = WensFactory(in_buurt=speelplek.buurt, bewoner=bewoner)
    besluiten.wens_afwijzen(wens, door=coordinator_tanthof, motivatie="Geen ruimte.")
    open_wens = WensFactory(in_buurt=speelplek.buurt, bewoner=bewoner)
    for item in (melding, wens, open_wens):
        _afgehandeld(item, 731)

    assert privacy.oude_melders() == 1
    assert privacy.oude_indieners_van_wensen() == 1
    assert Melding.objects.get(pk=melding.pk).bewoner is None
    assert Wens.objects.get(pk=wens.pk).bewoner is None
    assert Wens.objects.get(pk=open_wens.pk).bewoner == bewoner
