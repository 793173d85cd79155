"""Production settings refuse unsafe configurations; tests run with the project's conventions."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

import pytest

ROOT = Path(__file__).resolve().parent.parent
VEILIG = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "wijkportaal.delft.example",
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
}


TOON_DEBUG = (
    "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
)


def laad_productie(code: str = TOON_DEBUG, **overrides):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"}}
    env.update(VEILIG)
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [
            sys.executable,
            "-c",
            code,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_starts_with_a_safe_configuration():
    result = laad_productie()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    "overrides, melding",
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"DEBUG": "true"}, "DEBUG"),
        ({"ALLOWED_HOSTS": "*"}, "wildcard"),
        ({"ALLOWED_HOSTS": ".delft.example,*"}, "wildcard"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_unsafe_configuration(overrides, melding):
    result = laad_productie(**overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and melding in result.stderr


def test_dutch_first_and_amsterdam_time():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_task_queue_retries_are_bounded():
    q = settings.Q_CLUSTER
    assert q["retry"] > q["timeout"]
    assert q["max_attempts"] > 0
    assert q["sync"] is True  # tests run tasks synchronously


def test_no_gdal_admin():
    assert "django.contrib.admin.apps.SimpleAdminConfig" in settings.INSTALLED_APPS
    assert "django.contrib.gis" not in settings.INSTALLED_APPS
