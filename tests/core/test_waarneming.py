"""Observability: request ids, the request log without personal data, the health checks."""

import json
import logging

from django.db import OperationalError

import pytest

from portal.core import waarneming
from portal.mail import tasks

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept(client):
    eigen = client.get("/gezond/leeft/")["X-Request-ID"]
    assert waarneming.GELDIG_ID.match(eigen)
    assert client.get("/gezond/leeft/", HTTP_X_REQUEST_ID="nginx-abc12345")["X-Request-ID"] == (
        "nginx-abc12345"
    )
    vreemd = client.get("/gezond/leeft/", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert vreemd != "<script>" and waarneming.GELDIG_ID.match(vreemd)


def test_the_request_log_has_the_pattern_status_and_id_but_no_path_ids_or_query(
    client, caplog, bewoner
):
    caplog.set_level(logging.INFO, logger="portal.verzoeken")
    client.force_login(bewoner)
    response = client.get(
        "/aanvragen/123456/?email=bewoner@example.org", HTTP_X_REQUEST_ID="req-0000001"
    )
    regels = [r for r in caplog.records if r.name == "portal.verzoeken"]
    assert len(regels) == 1
    regel = regels[0]
    assert (regel.route, regel.status, regel.request_id) == (
        "/aanvragen/<int:pk>/",
        response.status_code,
        "req-0000001",
    )
    tekst = waarneming.JsonFormatter().format(regel)
    assert json.loads(tekst)["request_id"] == "req-0000001"
    for persoonlijk in ("123456", "email=", bewoner.email, str(bewoner.pk) + "/"):
        assert persoonlijk not in tekst


def test_a_task_queued_in_a_request_gets_its_id(monkeypatch, settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "sync": True}
    gezien = []
    monkeypatch.setattr(tasks, "async_task", lambda *a, **kw: gezien.append(kw))
    token = waarneming.zet_verzoek_id("req-taak-0001")
    try:
        tasks.plan_verzending("buur@example.org", "Onderwerp", "Tekst")
    finally:
        waarneming.reset_verzoek_id(token)
    assert gezien and gezien[0]["verzoek_id"] == "req-taak-0001"

    # In the worker the task's log records carry it.
    ids = []
    monkeypatch.setattr(
        tasks, "_verstuur", lambda email_id: ids.append(waarneming.huidig_verzoek_id())
    )
    tasks.verstuur(1, verzoek_id="req-taak-0001")
    assert ids == ["req-taak-0001"] and waarneming.huidig_verzoek_id() == ""


def test_health_reports_database_cache_and_broker(client):
    response = client.get("/gezond/")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["database"], data["cache"], data["broker"]) == (
        "ok",
        "ok",
        "ok",
        "ok",
    )
    assert isinstance(data["taken_in_wachtrij"], int) and data["mislukte_emails"] == 0
    assert response["Cache-Control"] == "no-store"


def test_only_a_database_failure_makes_the_process_unready(client, monkeypatch):
    monkeypatch.setattr(waarneming, "_cache", lambda: "gedegradeerd")
    response = client.get("/gezond/")
    assert response.status_code == 200 and response.json()["cache"] == "gedegradeerd"

    def kapot():
        raise OperationalError("database weg")

    monkeypatch.setattr(waarneming, "_database", kapot)
    response = client.get("/gezond/")
    assert response.status_code == 503 and response.json()["database"] == "fout"


def test_liveness_touches_nothing(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/gezond/leeft/")
    assert response.status_code == 200 and response.content == b"ok"


def test_metrics_need_the_token_and_count_requests_per_status_class(client, settings):
    url = "/gezond/metrieken/"
    settings.METRIEKEN_TOKEN = ""
    assert client.get(url).status_code == 404  # no token configured: no endpoint
    settings.METRIEKEN_TOKEN = "geheim-token-123"
    assert client.get(url, HTTP_AUTHORIZATION="Bearer fout").status_code == 404

    def teller(klasse):
        tekst = client.get(url, HTTP_AUTHORIZATION="Bearer geheim-token-123").content.decode()
        regel = next(r for r in tekst.splitlines() if f'klasse="{klasse}"' in r)
        return int(regel.rsplit(" ", 1)[1]), tekst

    voor, _ = teller("4xx")
    client.get("/bestaat-niet/")
    client.get("/bestaat-ook-niet/")
    na, tekst = teller("4xx")
    assert na == voor + 2
    assert "wijkportaal_taken_in_wachtrij " in tekst
    assert 'wijkportaal_emails{status="mislukt"} 0' in tekst
    assert "@" not in tekst  # no addresses


def test_the_json_log_leaves_out_the_request_object_djangos_loggers_attach(rf):
    verzoek = rf.get("/zoeken/?q=bewoner@example.org")
    record = logging.makeLogRecord(
        {"name": "django.request", "msg": "Not Found", "request": verzoek, "status_code": 404}
    )
    tekst = waarneming.JsonFormatter().format(record)
    regel = json.loads(tekst)
    assert regel["status_code"] == 404 and "request" not in regel
    assert "bewoner@example.org" not in tekst
