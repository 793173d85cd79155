from django.core.management import CommandError, call_command

import pytest

from cms.models import ContentPage, HomePage, WijkPage
from portal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_loader_is_idempotent(capsys):
    voor = (
        HomePage.objects.count(),
        WijkPage.objects.count(),
        ContentPage.objects.count(),
        User.objects.count(),
    )
    call_command("laad_demo", ook_zonder_debug=True)
    na = (
        HomePage.objects.count(),
        WijkPage.objects.count(),
        ContentPage.objects.count(),
        User.objects.count(),
    )
    assert voor == na == (1, 8, 2, na[3])
    uitvoer = capsys.readouterr().out
    assert "coordinator.tanthof@example.org" in uitvoer and "Wijkportaal-demo-2026" in uitvoer


def test_demo_loader_refuses_without_debug():
    with pytest.raises(CommandError):
        call_command("laad_demo")


def test_demo_text_is_labelled_as_example_content():
    for pagina in WijkPage.objects.all():
        assert "Voorbeeldtekst" in pagina.intro


def test_make_run_gets_example_applications_in_a_queue_for_two_districts():
    from cms.demo import VOORBEELD_AANVRAGEN, _voorbeeld_aanvragen
    from participatie.constants import Status
    from participatie.models import Aanvraag, Boeking
    from participatie.rechten import aanvragen_voor_medewerker
    from portal.accounts.models import User

    assert _voorbeeld_aanvragen() == len(VOORBEELD_AANVRAGEN)
    assert _voorbeeld_aanvragen() == 0  # idempotent
    voorbeelden = Aanvraag.objects.filter(titel__startswith="Voorbeeld:")
    assert {a.wijk.slug for a in voorbeelden} == {"tanthof", "buitenhof"}
    assert {a.status for a in voorbeelden} == {
        Status.INGEDIEND,
        Status.IN_BEHANDELING,
        Status.GOEDGEKEURD,
    }
    tanthof = User.objects.get(email="coordinator.tanthof@example.org")
    in_wachtrij = set(aanvragen_voor_medewerker(tanthof).values_list("titel", flat=True))
    assert in_wachtrij == {t for slug, t, _ in VOORBEELD_AANVRAGEN if slug == "tanthof"}
    assert Boeking.objects.filter(aanvraag__in=voorbeelden).count() == 1  # the approval
