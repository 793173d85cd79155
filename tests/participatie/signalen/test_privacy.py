"""Signals in "Mijn gegevens" (export, account deletion) and the retention rule "signalen":
signals stay in the district's logbook without their sender and photo."""

import json
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

import pytest

from participatie.signalen import besluiten, privacy
from participatie.signalen.constants import SignaalStatus as S
from participatie.signalen.models import IdentiteitInzage, Signaal
from portal.accounts.privacy import exporteer_gegevens, verwijder_account
from portal.accounts.retentie import geregistreerde_regels

from .conftest import gecontroleerde_foto

pytestmark = pytest.mark.django_db


def _met_foto(bewoner, categorie, wijk, tekst="Met foto"):
    return besluiten.dien_in(
        bewoner, categorie=categorie, tekst=tekst, wijk=wijk, foto=gecontroleerde_foto()
    )


def _verouder(signaal, dagen):
    """Pretend the signal's last change was ``dagen`` days ago (update() skips auto_now)."""
    Signaal.objects.filter(pk=signaal.pk).update(gewijzigd=timezone.now() - timedelta(days=dagen))


def _bestand_bestaat(signaal) -> bool:
    return signaal.foto.storage.exists(signaal.foto.name)


def test_the_export_holds_the_residents_signals(bewoner, categorie, tanthof, coordinator_tanthof):
    signaal = _met_foto(bewoner, categorie, tanthof, tekst="Mijn-signaal")
    besluiten.afsluiten(signaal, door=coordinator_tanthof, antwoord="Het-antwoord")
    export = exporteer_gegevens(bewoner)["gegevens"]["signalen"]
    json.dumps(export, cls=DjangoJSONEncoder)  # serialisable as "Mijn gegevens" does
    assert len(export) == 1
    rij = export[0]
    assert rij["tekst"] == "Mijn-signaal" and rij["categorie"] == "Overlast"
    assert rij["wijk"] == tanthof.naam and rij["foto"] is True
    assert rij["antwoord"] == "Het-antwoord"
    assert rij["status"] == str(S.AFGESLOTEN.label)
    assert "aangemaakt" in rij and "locatie" in rij


def test_the_export_holds_nobody_elses_signals(bewoner, signaal_buitenhof):
    assert exporteer_gegevens(bewoner)["gegevens"]["signalen"] == []


def test_account_deletion_keeps_the_signal_without_the_sender_and_photo(
    bewoner, bewoner_b, categorie, tanthof, coordinator_tanthof
):
    eigen = _met_foto(bewoner, categorie, tanthof, tekst="Blijft-in-logboek")
    ander = _met_foto(bewoner_b, categorie, tanthof, tekst="Van-de-buur")
    besluiten.toon_melder(eigen, door=coordinator_tanthof, reden="Nodig")
    verwijder_account(bewoner)
    eigen.refresh_from_db()
    assert eigen.bewoner is None and eigen.tekst == "Blijft-in-logboek"
    assert not eigen.foto and eigen.foto_mime == ""
    assert IdentiteitInzage.objects.filter(signaal=eigen).count() == 1
    ander.refresh_from_db()
    assert ander.bewoner == bewoner_b and ander.foto and _bestand_bestaat(ander)


def test_account_deletion_deletes_the_photo_file(bewoner, categorie, tanthof):
    signaal = _met_foto(bewoner, categorie, tanthof)
    opslag, naam = signaal.foto.storage, signaal.foto.name
    assert opslag.exists(naam)
    verwijder_account(bewoner)
    assert not opslag.exists(naam)


def test_the_retention_rule_is_registered_as_signalen():
    assert geregistreerde_regels()["signalen"] is privacy.oude_afgesloten_signalen


def test_retention_removes_sender_and_photo_of_old_closed_signals_only(
    settings, bewoner, bewoner_b, categorie, tanthof, coordinator_tanthof
):
    settings.RETENTIE_SIGNAAL_DAGEN = 365
    oud_afgesloten = _met_foto(bewoner, categorie, tanthof, tekst="Oud-afgesloten")
    recent_afgesloten = _met_foto(bewoner, categorie, tanthof, tekst="Recent-afgesloten")
    oud_open = _met_foto(bewoner, categorie, tanthof, tekst="Oud-open")
    van_buur = _met_foto(bewoner_b, categorie, tanthof, tekst="Van-de-buur")
    for signaal in (oud_afgesloten, recent_afgesloten):
        besluiten.afsluiten(signaal, door=coordinator_tanthof, antwoord="Klaar")
    besluiten.toon_melder(oud_afgesloten, door=coordinator_tanthof, reden="Nodig")
    opslag, oude_foto = oud_afgesloten.foto.storage, oud_afgesloten.foto.name
    _verouder(oud_afgesloten, 366)
    _verouder(recent_afgesloten, 364)
    _verouder(oud_open, 800)

    assert privacy.oude_afgesloten_signalen() == 1

    oud_afgesloten.refresh_from_db()
    assert oud_afgesloten.bewoner is None and not oud_afgesloten.foto
    assert oud_afgesloten.antwoord == "Klaar" and oud_afgesloten.tekst == "Oud-afgesloten"
    assert not opslag.exists(oude_foto)
    assert IdentiteitInzage.objects.filter(signaal=oud_afgesloten).exists()  # the staff's log
    for onaangeroerd, eigenaar in (
        (recent_afgesloten, bewoner),
        (oud_open, bewoner),
        (van_buur, bewoner_b),
    ):
        onaangeroerd.refresh_from_db()
        assert onaangeroerd.bewoner == eigenaar, onaangeroerd.tekst
        assert onaangeroerd.foto and _bestand_bestaat(onaangeroerd), onaangeroerd.tekst
    # Run again: nothing left to do.
    assert privacy.oude_afgesloten_signalen() == 0
