"""Builders of the bench database: migrate, collectstatic, then every builder in ``BUILDERS``.

Add data with a function decorated with ``@builder("name")`` that takes the parsed options and
returns a one-line summary (add a flag in ``bench/run.py``'s ``parse_args`` for its volume).
Builders run in the order they are defined and must be idempotent, because ``--keep-db`` and
PostgreSQL runs build on an existing database.

Rows are built from the factories of the tests (``tests/factories.py``: one definition of a
valid resident and application); single objects are saved through them, bulk rows are built
with ``Factory.build`` and saved with ``bulk_create``. Statuses of bulk applications are set
directly, with the history rows the state machine would have written; references come from the
application's own counter (``Referentieteller.volgende``, see ``assign_references``).
"""

import argparse
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from io import StringIO

from participatie.constants import Rol, Soort, Status

from .omgeving import log
from .urls import BENCH_ADMINISTRATOR, BENCH_COORDINATOR, BENCH_DISTRICT, BENCH_RESIDENT

Builder = Callable[[argparse.Namespace], str]
BUILDERS: dict[str, Builder] = {}


def builder(name: str) -> Callable[[Builder], Builder]:
    """Register a data builder under ``name``; builders run in registration order."""

    def register(function: Builder) -> Builder:
        BUILDERS[name] = function
        return function

    return register


def build_database(options: argparse.Namespace) -> dict[str, str]:
    """Migrate, collect the static files and run every builder; their summaries by name."""
    from django.core.management import call_command

    log("migrate and collectstatic")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    summaries = {}
    for name, build in BUILDERS.items():
        started = time.perf_counter()
        summaries[name] = build(options)
        log(f"data {name}: {summaries[name]} ({time.perf_counter() - started:.1f} s)")
    return summaries


@builder("demo")
def build_demo(options: argparse.Namespace) -> str:
    """Delft's geography (8 districts, 91 neighbourhoods), the pages, schemes and demo accounts."""
    from django.core.management import call_command

    from portal.gebieden.models import Buurt, Wijk

    call_command("laad_demo", ook_zonder_debug=True, stdout=StringIO())
    return f"{Wijk.objects.count()} wijken, {Buurt.objects.count()} buurten"


FIRST_NAMES = ["Anna", "Bram", "Fatima", "Daan", "Sanne", "Mohamed", "Lotte", "Jeroen", "Ayşe"]
LAST_NAMES = ["de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Yilmaz", "van Dijk", "Smit"]


@builder("residents")
def build_residents(options: argparse.Namespace) -> str:
    """``--residents`` verified resident accounts (no usable password), so tables are not tiny."""
    from allauth.account.models import EmailAddress

    from portal.accounts.models import User
    from tests.factories import BewonerFactory

    prefix = "bewoner.bench."
    existing = User.objects.filter(email__startswith=prefix).count()
    rng = random.Random(existing)  # noqa: S311 - reproducible fake data, not secrets
    now = datetime.now(UTC)
    new_users = [
        BewonerFactory.build(
            email=f"{prefix}{i:06d}@example.org",
            password=None,  # the factory's Password makes it unusable
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            date_joined=now - timedelta(days=rng.randint(0, 730)),
        )
        for i in range(existing, options.residents)
    ]
    User.objects.bulk_create(new_users, batch_size=500)
    # What the factory's post-generation step does for a saved resident, in bulk.
    without_address = User.objects.filter(email__startswith=prefix, emailaddress__isnull=True)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in without_address],
        batch_size=500,
    )
    return f"{len(new_users)} new, {User.objects.count()} users in total"


def bench_account(email: str, first_name: str, last_name: str):
    """A resident account with a verified address and no usable password (we force_login);
    the existing one when a run before made it."""
    from portal.accounts.models import User
    from tests.factories import BewonerFactory

    return User.objects.filter(email=email).first() or BewonerFactory(
        email=email, first_name=first_name, last_name=last_name, password=None
    )


NEIGHBOURS = [f"bench-buur-{k:02d}@example.org" for k in range(1, 9)]


# Statuses of the other residents' applications, with weights: every status but a draft (the
# form pages use BENCH_RESIDENT's, and a resident has one draft per scheme at most).
OTHER_STATUSES: dict[Status, int] = {
    Status.INGEDIEND: 25,
    Status.IN_BEHANDELING: 15,
    Status.AANPASSING_GEVRAAGD: 5,
    Status.TWEEDE_AKKOORD: 2,
    Status.GOEDGEKEURD: 15,
    Status.AFGEWEZEN: 5,
    Status.INGETROKKEN: 5,
    Status.UITBETAALD: 10,
    Status.VERANTWOORD: 5,
    Status.AFGESLOTEN: 15,
}


class Applications:
    """Applications in real neighbourhoods (round-robin, so every district gets its share),
    from ``AanvraagFactory`` with bench-sized texts and amounts."""

    def __init__(self) -> None:
        from django.utils import timezone

        from portal.gebieden.models import Buurt

        self.buurten = list(Buurt.objects.select_related("wijk").order_by("pk"))
        self.now = timezone.now()

    def fields(self, rng: random.Random, user, regeling, i: int, street: str, status) -> dict:
        """The factory's overrides for application ``i`` of ``user``, as a draft: ``build``
        adds what submitting sets."""
        buurt = self.buurten[i % len(self.buurten)]
        fields = {
            "aanvrager": user,
            "regeling": regeling,
            "status": status,
            "straat": street,
            "buurt": buurt,
            "wijk": buurt.wijk,
            "titel": f"{regeling.titel} {street}",
            "omschrijving": "Samen met de buren een middag voor jong en oud. " * 4,
            "huisnummer": str(rng.randint(1, 180)),
            "huishoudens_in_straat": rng.randint(10, 90),
            "gevraagd_bedrag": None,  # a fixed amount: the resident asks for none
            "activiteit_datum": None,  # set when submitted, if the scheme asks for one
            "ingediend_op": None,
            "referentie": None,
        }
        if not regeling.heeft_vast_bedrag:
            fields["gevraagd_bedrag"] = Decimal(rng.randint(10, int(regeling.bedrag) // 5) * 5)
        return fields

    def build(self, rng: random.Random, user, regeling, i: int, street: str, status, **extra):
        """An unsaved application (for ``bulk_create``); ``extra`` overrides fields. A
        submitted one gets its reference from ``assign_references``."""
        from tests.factories import AanvraagFactory

        fields = self.fields(rng, user, regeling, i, street, status)
        aanvraag = AanvraagFactory.build(**fields | extra)
        if not aanvraag.is_concept:
            aanvraag.ingediend_op = self.now - timedelta(days=rng.randint(0, 700), minutes=i)
            if regeling.heeft_activiteitdatum:
                days = regeling.min_dagen_vooraf + rng.randint(0, 90)
                aanvraag.activiteit_datum = aanvraag.ingediend_op.date() + timedelta(days=days)
        return aanvraag


def assign_references(applications: list) -> None:
    """Give every submitted application, in order, the next reference of the year it was
    submitted in, from the application's own counter: unique now and for later runs."""
    from collections import Counter

    from participatie.models import Referentieteller

    ingediend = [a for a in applications if not a.is_concept]
    per_jaar = Counter(a.ingediend_op.year for a in ingediend)
    vrij = {jaar: iter(Referentieteller.reserveer(jaar, n)) for jaar, n in per_jaar.items()}
    for a in ingediend:
        a.referentie = next(vrij[a.ingediend_op.year])


def history(applications: list) -> list:
    """The status rows of submitted ``applications``, the ones ``AanvraagFactory``'s status
    traits write (with the bench's dates): the applicant submitting, and, when it moved on,
    the coordinator setting its status now."""
    from participatie.models import StatusWijziging

    rows = []
    for a in applications:
        if a.is_concept:
            continue
        rows.append(
            StatusWijziging(
                aanvraag=a,
                van=Status.CONCEPT,
                naar=Status.INGEDIEND,
                door=a.aanvrager,
                rol=Rol.AANVRAGER,
                op=a.ingediend_op,
            )
        )
        if a.status != Status.INGEDIEND:
            rows.append(
                StatusWijziging(
                    aanvraag=a,
                    van=Status.INGEDIEND,
                    naar=a.status,
                    rol=Rol.COORDINATOR,
                    op=a.ingediend_op + timedelta(days=3),
                )
            )
    return rows


def households(applications: list, count: int) -> list:
    from participatie.models import Huishouden

    return [
        Huishouden(aanvraag=a, adres=f"{a.straat} {n}", naam=f"Buur {n}", akkoord=True)
        for a in applications
        for n in range(1, count + 1)
    ]


@builder("aanvragen")
def build_applications(options: argparse.Namespace) -> str:
    """``--applications`` applications of ``BENCH_RESIDENT`` plus the straatfeestcheque draft
    the form URLs use, and ``--other-applications`` of a few neighbours, all in real
    neighbourhoods. A submitted application has a reference, a status row for submitting and,
    when it moved on, one for its status now."""
    from django.db import transaction
    from django.utils import timezone

    from participatie.models import Aanvraag, Huishouden, Regeling, StatusWijziging
    from tests.factories import AanvraagFactory

    schemes = {r.soort: r for r in Regeling.objects.filter(is_voorbeeld=True)}  # laad_demo
    cheque = schemes[Soort.STRAATFEESTCHEQUE]
    applications = Applications()

    with transaction.atomic():
        resident = bench_account(BENCH_RESIDENT, "Bench", "Bewoner")
        mine = Aanvraag.objects.filter(aanvrager=resident)
        # Mostly submitted straatfeestcheque applications; every eighth a draft of one of the
        # other schemes (at most one open draft per scheme: a constraint of the model).
        open_drafts = set(
            mine.filter(status=Status.CONCEPT).values_list("regeling__soort", flat=True)
        )
        draft_schemes = iter([s for s in schemes if s not in open_drafts | {cheque.soort}])
        existing = mine.exclude(status=Status.CONCEPT, regeling=cheque).count()
        rng = random.Random(existing)  # noqa: S311 - reproducible fake data, not secrets
        new_mine = []
        for i in range(existing, options.applications):
            street = f"Benchstraat {i}"
            draft_scheme = next(draft_schemes, None) if i % 8 == 7 else None
            if draft_scheme:
                new_mine.append(
                    applications.build(
                        rng,
                        resident,
                        schemes[draft_scheme],
                        i,
                        street,
                        Status.CONCEPT,
                        stappen_voltooid=i % 4,
                    )
                )
            else:
                new_mine.append(
                    applications.build(rng, resident, cheque, i, street, Status.INGEDIEND)
                )
        assign_references(new_mine)
        Aanvraag.objects.bulk_create(new_mine, batch_size=500)

        # The draft the form URLs show ({draft}): steps 1-3 done, so 1-4 and the review open.
        draft = mine.filter(status=Status.CONCEPT, regeling=cheque).first()
        if draft is None:
            fields = applications.fields(rng, resident, cheque, 0, "Conceptstraat", Status.CONCEPT)
            fields.update(
                stappen_voltooid=3,
                activiteit_datum=timezone.localdate() + timedelta(days=60),
                privacy_akkoord=False,
            )
            draft = AanvraagFactory(**fields)
            new_mine.append(draft)

        neighbours = [bench_account(email, "Bench", f"Buur {email[11:13]}") for email in NEIGHBOURS]
        theirs = Aanvraag.objects.filter(aanvrager__email__in=NEIGHBOURS)
        existing_other = theirs.count()
        rng = random.Random(existing_other)  # noqa: S311 - reproducible fake data, not secrets
        statuses, weights = list(OTHER_STATUSES), list(OTHER_STATUSES.values())
        new_theirs = [
            applications.build(
                rng,
                neighbours[j % len(neighbours)],
                rng.choice(list(schemes.values())),
                j,
                f"Benchlaan {j}",
                rng.choices(statuses, weights)[0],
            )
            for j in range(existing_other, options.other_applications)
        ]
        assign_references(new_theirs)
        Aanvraag.objects.bulk_create(new_theirs, batch_size=500)

        StatusWijziging.objects.bulk_create(history(new_mine + new_theirs), batch_size=500)
        Huishouden.objects.bulk_create(households(new_mine, 5), batch_size=500)
    return (
        f"{mine.count()} of {BENCH_RESIDENT} (draft {draft.pk}), "
        f"{theirs.count()} of {len(NEIGHBOURS)} neighbours, {Aanvraag.objects.count()} in total"
    )


def staff_account(email: str, factory, **kwargs):
    """A staff account of ``factory`` (a role's factory of the tests) with no usable password
    (we log in with ``meten.log_in``) and a TOTP authenticator, which the admin requires; the
    existing one when a run before made it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from portal.accounts.models import User

    user = User.objects.filter(email=email).first()
    if user is None:
        user = factory(email=email, first_name="Bench", password=None, **kwargs)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


@builder("wachtrij")
def build_review_queue(options: argparse.Namespace) -> str:
    """The review queue's staff: ``BENCH_COORDINATOR``, coordinator of ``BENCH_DISTRICT``, and
    ``BENCH_ADMINISTRATOR`` (every district), both with TOTP. The applications the "aanvragen"
    builder spread over all districts fill their queues; those of ``BENCH_DISTRICT`` in an
    assignable status without an assessor are assigned to the coordinator (the "mine" filter)."""
    from participatie.admin_aanvragen import AanvraagViewSet
    from participatie.models import Aanvraag
    from portal.gebieden.models import Wijk
    from tests.factories import BeheerderFactory, CoordinatorFactory

    wijk = Wijk.objects.get(slug=BENCH_DISTRICT)
    coordinator = staff_account(BENCH_COORDINATOR, CoordinatorFactory, last_name="Coördinator")
    wijk.coordinatoren.add(coordinator)  # also when an earlier run made the account
    staff_account(BENCH_ADMINISTRATOR, BeheerderFactory, last_name="Beheerder")
    queue = Aanvraag.objects.filter(wijk=wijk).exclude(status=Status.CONCEPT)
    queue.filter(status__in=AanvraagViewSet.toewijsbare_statussen, behandelaar__isnull=True).update(
        behandelaar=coordinator
    )
    waiting = queue.filter(status__in=AanvraagViewSet.urgente_statussen).count()
    return (
        f"{BENCH_DISTRICT}: {queue.count()} in the queue ({waiting} waiting for a decision), "
        f"{Aanvraag.objects.exclude(status=Status.CONCEPT).count()} in all districts"
    )


@builder("speelkaart")
def build_play_spaces(options: argparse.Namespace) -> str:
    """``--play-spaces`` play spaces at points inside real neighbourhoods and ``--ratings``
    ratings of the bench residents (one per resident per play space), with the averages
    stored as ``Speelplek.herbereken_waarderingen`` would (one aggregate query)."""
    from decimal import Decimal

    from django.db.models import Avg, Count, OuterRef, Subquery

    from shapely.geometry import shape

    from portal.accounts.models import User
    from portal.gebieden.models import Buurt
    from speelkaart.constants import CRITERIA, SpeelplekSoort
    from speelkaart.models import Speelplek, Waardering

    prefix = "bench-speelplek-"
    bestaand = Speelplek.objects.filter(slug__startswith=prefix).count()
    rng = random.Random(bestaand)  # noqa: S311 - reproducible fake data, not secrets
    buurten = list(Buurt.objects.select_related("wijk"))
    punten = {b.pk: shape(b.grens).representative_point() for b in buurten}
    soorten = [s.value for s in SpeelplekSoort]
    nieuw = []
    for i in range(bestaand, options.play_spaces):
        buurt = buurten[i % len(buurten)]
        punt = punten[buurt.pk]
        nieuw.append(
            Speelplek(
                naam=f"Benchspeelplek {i}",
                slug=f"{prefix}{i:06d}",
                soort=soorten[i % len(soorten)],
                lat=Decimal(f"{punt.y:.6f}"),
                lon=Decimal(f"{punt.x:.6f}"),
                buurt=buurt,
                wijk=buurt.wijk,
                voor_0_4=i % 2 == 0,
                voor_4_8=i % 3 != 0,
                voor_8_12=i % 4 == 0,
                voor_12_plus=i % 5 == 0,
                rolstoel=i % 7 == 0,
                bankjes=i % 2 == 1,
            )
        )
    Speelplek.objects.bulk_create(nieuw, batch_size=1000)
    plekken = list(Speelplek.objects.filter(slug__startswith=prefix).values_list("pk", flat=True))
    bewoners = list(
        User.objects.filter(email__startswith="bewoner.bench.").values_list("pk", flat=True)
    )
    gedaan = Waardering.objects.filter(speelplek_id__in=plekken).count()
    paren = set(
        Waardering.objects.filter(speelplek_id__in=plekken).values_list(
            "speelplek_id", "bewoner_id"
        )
    )
    waarderingen = []
    while bewoners and plekken and gedaan + len(waarderingen) < options.ratings:
        paar = (rng.choice(plekken), rng.choice(bewoners))
        if paar in paren:
            if len(paren) >= len(plekken) * len(bewoners):
                break
            continue
        paren.add(paar)
        waarderingen.append(
            Waardering(
                speelplek_id=paar[0],
                bewoner_id=paar[1],
                **{criterium: rng.randint(1, 5) for criterium in CRITERIA},
            )
        )
    Waardering.objects.bulk_create(waarderingen, batch_size=2000)
    # The stored averages, for every bench play space at once.
    per_plek = Waardering.objects.filter(speelplek=OuterRef("pk")).values("speelplek")
    Speelplek.objects.filter(slug__startswith=prefix).update(
        aantal_waarderingen=Subquery(per_plek.annotate(n=Count("pk")).values("n")[:1]),
        **{f"gem_{c}": Subquery(per_plek.annotate(g=Avg(c)).values("g")[:1]) for c in CRITERIA},
    )
    Speelplek.objects.filter(slug__startswith=prefix, aantal_waarderingen__isnull=True).update(
        aantal_waarderingen=0
    )
    return (
        f"{len(nieuw)} new play spaces ({len(plekken)} in total), "
        f"{len(waarderingen)} new ratings ({gedaan + len(waarderingen)} in total)"
    )


BENCH_CONSULTATION = "bench-raadpleging"  # the slug; bench/urls.py's {raadpleging} finds it
CONSULTATION_BATCH = 1000  # responses per transaction: memory stays flat at 10,000


def consultation_questions() -> list[dict]:
    """20 questions, 4 of each type, in the StreamField's raw form with fixed block ids (the
    shapes of ``tests/factories.vragen_van_elke_soort``, numbered)."""
    from tests.factories import vragen_van_elke_soort

    questions = []
    for k in range(1, 5):
        for question in vragen_van_elke_soort():
            value = question["value"] | {"vraag": f"{question['value']['vraag']} ({k})"}
            if "opties" in value:
                value["opties"] = [*value["opties"], f"Anders {k}"]
            questions.append(question | {"id": f"bench-{question['id']}-{k}", "value": value})
    return questions


def approve_quotes(answers: list) -> list:
    """Every 20th open answer approved as a quote: the status is set directly;
    ``quote_history`` writes the rows the quotes' state machine would have written."""
    from participatie.raadplegingen.constants import CitaatStatus

    approved = [a for a in answers if a.tekst][::20]
    for answer in approved:
        answer.citaat_status = CitaatStatus.GOEDGEKEURD
    return approved


def quote_history(approved: list) -> list:
    """The quotes' history rows of the (saved) ``approved`` answers."""
    from django.contrib.contenttypes.models import ContentType

    from participatie.models import Antwoord, Overgang
    from participatie.raadplegingen.constants import CitaatStatus

    content_type = ContentType.objects.get_for_model(Antwoord)
    return [
        Overgang(
            content_type=content_type,
            object_id=a.pk,
            van=CitaatStatus.WACHT,
            naar=CitaatStatus.GOEDGEKEURD,
        )
        for a in approved
    ]


@builder("raadpleging")
def build_consultation(options: argparse.Namespace) -> str:
    """``--consultation-responses`` sent responses (0: skipped) to one closed consultation of
    20 questions, 4 of each type, about 30 answer rows each (``gegenereerde_antwoorden``: the
    storage convention the results page aggregates), in every district round-robin with every
    tenth without one; open answers in about half the cases, every 20th of them quoted.
    Responses and answers are bulk-created in batches of ``CONSULTATION_BATCH`` responses."""
    if not options.consultation_responses:
        return "skipped (--consultation-responses 0)"
    from django.db import transaction

    from participatie.models import Antwoord, Overgang, Raadpleging, Reactie
    from participatie.raadplegingen.constants import ReactieStatus
    from participatie.raadplegingen.demo import gegenereerde_antwoorden
    from portal.gebieden.models import Wijk
    from tests.factories import RaadplegingFactory, WmoThemaFactory

    consultation = Raadpleging.objects.filter(slug=BENCH_CONSULTATION).first()
    if consultation is None:
        consultation = RaadplegingFactory(
            slug=BENCH_CONSULTATION,
            titel="Benchraadpleging met twintig vragen",
            thema=WmoThemaFactory(naam="Eenzaamheid"),
            vragen=consultation_questions(),
            gesloten=True,
        )
    questions = list(consultation.vragen.raw_data)
    districts = list(Wijk.objects.order_by("pk"))
    existing = consultation.reacties.count()
    rng = random.Random(existing)  # noqa: S311 - reproducible fake data, not secrets

    def open_text(question_id: str) -> str | None:
        return "Meer plekken om buren te ontmoeten. " * 4 if rng.random() < 0.5 else None

    new_answers = 0
    for start in range(existing, options.consultation_responses, CONSULTATION_BATCH):
        end = min(start + CONSULTATION_BATCH, options.consultation_responses)
        with transaction.atomic():
            responses = Reactie.objects.bulk_create(
                [
                    Reactie(
                        raadpleging=consultation,
                        email_sleutel=f"bench-{i:06d}",
                        wijk=None if i % 10 == 9 else districts[i % len(districts)],
                        status=ReactieStatus.INGEDIEND,
                        ingediend_op=consultation.opent_op + timedelta(minutes=i % 40_000),
                    )
                    for i in range(start, end)
                ],
                batch_size=500,
            )
            answers = []
            for response in responses:
                answers += gegenereerde_antwoorden(rng, response, questions, open_text)
            approved = approve_quotes(answers)
            Antwoord.objects.bulk_create(answers, batch_size=2000)
            Overgang.objects.bulk_create(quote_history(approved), batch_size=2000)
            new_answers += len(answers)
    sent = consultation.reacties.filter(status=ReactieStatus.INGEDIEND).count()
    return (
        f"{consultation.slug}: {len(questions)} questions, {sent} sent responses "
        f"({new_answers} new answer rows)"
    )
