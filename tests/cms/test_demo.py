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
