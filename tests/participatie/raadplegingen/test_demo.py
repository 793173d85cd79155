"""The demo loaders of consultations and signals: idempotent, labelled as examples, and the
closed example's generated responses stored the way the results page counts them."""

from collections import Counter, defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone

import pytest

from participatie.models import (
    Antwoord,
    Overgang,
    Raadpleging,
    Reactie,
    Signaal,
    SignaalCategorie,
    WmoThema,
)
from participatie.raadplegingen import demo
from participatie.raadplegingen.constants import (
    CitaatStatus,
    Deelname,
    Doelgroep,
    Fase,
    ReactieStatus,
    VraagSoort,
)
from participatie.signalen import demo as signalen_demo
from participatie.signalen.constants import SignaalStatus
from portal.accounts.models import User
from portal.mail.models import Email

pytestmark = pytest.mark.django_db

MODELLEN = (WmoThema, Raadpleging, Reactie, Antwoord, Overgang, SignaalCategorie, Signaal)


def _tellingen():
    return {model.__name__: model.objects.count() for model in MODELLEN}


def _voorbeelden():
    return Raadpleging.objects.filter(slug__in=demo.VOORBEELDEN)


def test_loaders_run_twice_without_changing_anything():
    demo.laad_raadplegingen()
    signalen_demo.laad_signalen()
    signalen_demo.laad_voorbeeldsignalen()
    na_eerste = _tellingen()
    gewijzigd = {r.slug: r.gewijzigd for r in _voorbeelden()}

    assert demo.laad_raadplegingen() == {"raadplegingen": 0, "reacties": 0}
    assert signalen_demo.laad_signalen() == 0
    assert signalen_demo.laad_voorbeeldsignalen() == 0
    assert _tellingen() == na_eerste
    assert {r.slug: r.gewijzigd for r in _voorbeelden()} == gewijzigd
    assert na_eerste["Raadpleging"] >= len(demo.VOORBEELDEN)
    assert na_eerste["Reactie"] >= demo.REACTIES


def test_an_edited_example_is_left_as_it_is():
    demo.laad_raadplegingen()
    Raadpleging.objects.filter(slug="voorbeeld-ondersteuning-mantelzorgers").update(
        titel="Voorbeeld: aangepast in de admin"
    )
    demo.laad_raadplegingen()
    assert (
        Raadpleging.objects.get(slug="voorbeeld-ondersteuning-mantelzorgers").titel
        == "Voorbeeld: aangepast in de admin"
    )


def test_every_example_consultation_is_labelled_as_example_content():
    demo.laad_raadplegingen()
    voorbeelden = list(_voorbeelden())
    assert len(voorbeelden) == len(demo.VOORBEELDEN)
    for raadpleging in voorbeelden:
        assert raadpleging.titel.startswith("Voorbeeld: "), raadpleging.slug
        assert raadpleging.inleiding.startswith("<p>Voorbeeldtekst:"), raadpleging.slug


def test_the_topics_are_the_recurring_ones_of_performance_field_1():
    demo.laad_raadplegingen()
    themas = WmoThema.objects.filter(naam__in=[naam for naam, _ in demo.THEMAS])
    assert sorted(t.naam for t in themas) == sorted(
        [
            "Burenhulp",
            "Ontmoetingsplekken in de wijk",
            "Mantelzorg",
            "Vrijwilligerswerk",
            "Eenzaamheid",
        ]
    )
    assert all(t.prestatieveld == 1 and t.terugkerend and t.omschrijving for t in themas)


def test_one_open_consultation_per_audience_and_every_question_type():
    demo.laad_raadplegingen()
    open_ = [r for r in _voorbeelden() if r.fase() == Fase.OPEN]
    assert sorted(r.doelgroep for r in open_) == sorted(Doelgroep.values)
    assert any(r.deelname == Deelname.ANONIEM for r in open_)
    soorten = {blok.block_type for r in open_ for blok in r.vragen}
    assert soorten == set(VraagSoort.values)
    for r in open_:
        assert 4 <= len(r.vragen) <= 6, r.slug
        assert r.opent_op < timezone.now() < r.sluit_op
        ids = [blok.id for blok in r.vragen]
        assert len(set(ids)) == len(ids) and all(ids), "each question has its own block id"
    overleg = next(r for r in open_ if r.doelgroep == Doelgroep.BEWONERSOVERLEG)
    assert not overleg.stadsbreed
    assert list(overleg.wijken.values_list("slug", flat=True)) == ["tanthof"]
    assert overleg.herhalen


def test_the_closed_example_has_sent_responses_with_consistent_answers():
    demo.laad_raadplegingen()
    gesloten = Raadpleging.objects.get(slug=demo.SLUG_GESLOTEN)
    assert gesloten.fase() == Fase.GESLOTEN
    reacties = gesloten.reacties.all()
    assert reacties.count() == demo.REACTIES
    assert set(reacties.values_list("status", flat=True)) == {ReactieStatus.INGEDIEND}
    assert all(gesloten.opent_op <= r.ingediend_op <= gesloten.sluit_op for r in reacties)
    assert not reacties.exclude(email="").exists() and not reacties.exclude(bewoner=None).exists()
    assert reacties.values("wijk").distinct().count() >= 8, "spread over the districts"
    assert reacties.filter(wijk=None).exists(), "some respondents gave no district"

    vragen = {blok["id"]: blok for blok in gesloten.vragen.raw_data}
    per_reactie = defaultdict(lambda: defaultdict(list))
    for a in Antwoord.objects.filter(raadpleging=gesloten).select_related("reactie"):
        # The denormalised copies are the response's.
        assert a.geteld and a.reactie.status == ReactieStatus.INGEDIEND
        assert a.reactie.raadpleging_id == gesloten.pk
        assert a.wijk_id == a.reactie.wijk_id
        assert a.soort == vragen[a.vraag]["type"]
        per_reactie[a.reactie_id][a.vraag].append(a)
    assert len(per_reactie) == demo.REACTIES

    for antwoorden in per_reactie.values():
        for vraag_id, blok in vragen.items():
            rijen = antwoorden.get(vraag_id, [])
            opties = blok["value"].get("opties", [])
            if blok["type"] == VraagSoort.ENKELE_KEUZE:
                assert len(rijen) == 1 and rijen[0].keuze in opties
            elif blok["type"] == VraagSoort.MEERKEUZE:
                keuzes = [r.keuze for r in rijen]
                assert len(keuzes) == len(set(keuzes)) <= blok["value"]["max_keuzes"]
                assert set(keuzes) <= set(opties)
            elif blok["type"] == VraagSoort.SCHAAL:
                assert len(rijen) == 1 and 1 <= rijen[0].getal <= 5
            elif blok["type"] == VraagSoort.RANGORDE:
                assert sorted(r.keuze for r in rijen) == sorted(opties)
                assert sorted(r.getal for r in rijen) == list(range(1, len(opties) + 1))
            else:
                assert len(rijen) <= 1
                assert all(r.tekst and r.citaat_status != CitaatStatus.GEEN for r in rijen)


def test_the_closed_examples_quotes_are_moderated_through_the_state_machine():
    demo.laad_raadplegingen()
    gesloten = Raadpleging.objects.get(slug=demo.SLUG_GESLOTEN)
    open_ = Antwoord.objects.filter(raadpleging=gesloten, soort=VraagSoort.OPEN)
    statussen = Counter(open_.values_list("citaat_status", flat=True))
    verwacht = Counter(status for _, status in demo.OPEN_ANTWOORDEN)
    assert statussen == verwacht
    assert statussen[CitaatStatus.GOEDGEKEURD] >= 5 and statussen[CitaatStatus.WACHT] > 0
    gemodereerd = open_.exclude(citaat_status=CitaatStatus.WACHT)
    geschiedenis = Overgang.objects.filter(
        content_type=ContentType.objects.get_for_model(Antwoord),
        object_id__in=gemodereerd.values("pk"),
    )
    assert sorted(geschiedenis.values_list("object_id", "naar")) == sorted(
        gemodereerd.values_list("pk", "citaat_status")
    )
    # Only generated example texts: the introduction says so.
    assert "voorbeeldgegevens" in gesloten.inleiding


def test_the_closed_examples_follow_up_is_published_without_sending_e_mail():
    uitgaand = Email.objects.count()
    demo.laad_raadplegingen()
    gesloten = Raadpleging.objects.get(slug=demo.SLUG_GESLOTEN)
    assert gesloten.opvolging.startswith("<p>Voorbeeldtekst:")
    assert gesloten.sluit_op < gesloten.opvolging_gepubliceerd_op < timezone.now()
    assert gesloten.herhalen
    assert Email.objects.count() == uitgaand and mail.outbox == []


def test_generated_answers_follow_the_storage_convention_for_any_questions():
    """The generator the bench shares: also for the factories' question shapes."""
    import random

    from tests.factories import RaadplegingFactory, vragen_van_elke_soort

    raadpleging = RaadplegingFactory(gesloten=True)
    concept = Reactie.objects.create(raadpleging=raadpleging, email_sleutel="x")
    rijen = demo.gegenereerde_antwoorden(
        random.Random(1), concept, vragen_van_elke_soort(), lambda vraag: f"Tekst bij {vraag}"
    )
    assert not any(r.geteld for r in rijen), "a draft's answers do not count"
    assert Counter(r.soort for r in rijen)[VraagSoort.RANGORDE] == 3
    assert [r.tekst for r in rijen if r.soort == VraagSoort.OPEN] == ["Tekst bij v-open"]


def test_signal_categories_are_the_managed_list():
    signalen_demo.laad_signalen()
    namen = set(SignaalCategorie.objects.values_list("naam", flat=True))
    assert {naam for naam, _ in signalen_demo.CATEGORIEEN} <= namen
    assert "Eenzaamheid of zorgen om een buurtgenoot" in namen
    for naam, omschrijving in signalen_demo.CATEGORIEEN:
        categorie = SignaalCategorie.objects.get(naam=naam)
        assert categorie.actief and categorie.omschrijving == omschrijving
        assert len(omschrijving) <= 200


def test_example_signals_only_of_the_demo_resident_and_labelled():
    Signaal.objects.filter(tekst__startswith="Voorbeeld:").delete()
    User.objects.filter(email=signalen_demo.DEMO_BEWONER).delete()
    assert signalen_demo.laad_voorbeeldsignalen() == 0
    assert not Signaal.objects.filter(tekst__startswith="Voorbeeld:").exists()

    bewoner = User.objects.create_user(signalen_demo.DEMO_BEWONER, "x-Wachtwoord-123")
    assert signalen_demo.laad_voorbeeldsignalen() == len(signalen_demo.VOORBEELDSIGNALEN)
    voorbeelden = Signaal.objects.filter(tekst__startswith="Voorbeeld:")
    assert set(voorbeelden.values_list("bewoner", flat=True)) == {bewoner.pk}
    assert all(s.buurt.wijk_id == s.wijk_id for s in voorbeelden)
    assert voorbeelden.filter(status=SignaalStatus.IN_BEHANDELING).count() == 1
