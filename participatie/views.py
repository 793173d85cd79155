"""Resident side of applications: the multi-step form, "Mijn aanvragen", withdraw, report back.

Every view that loads an application goes through ``eigen_aanvraag``: another resident's
application (or its files, or its edit URLs) answers 404, exactly like one that does not exist.
"""

import uuid

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.accounts.decorators import bewoner_vereist
from portal.accounts.middleware import is_staff_gebruiker, sessie_heeft_mfa
from portal.accounts.scoping import mag_handelen
from portal.core.throttle import throttle
from portal.mail.tasks import plan_email

from . import regels
from .bijlagen import BijlageFout, controleer_aantal, controleer_bestand, serveer_bijlage
from .constants import BijlageSoort, Rol, Status
from .forms import (
    STAPPEN,
    HuishoudenFormSet,
    IntrekkenForm,
    Stap1Form,
    Stap2Form,
    Stap3Form,
    Stap4Form,
    VerantwoordingForm,
)
from .models import Aanvraag, Bijlage, Regeling
from .statemachine import TIJDLIJN

PER_PAGINA = 20
# District and neighbourhood boundaries are large GeoJSON that these pages never show.
ZONDER_GRENZEN = ("wijk__grens", "buurt__grens")


def eigen_aanvraag(request, pk, *, voor_update=False) -> Aanvraag:
    """The application with this id *of this user*, or 404 (never another resident's)."""
    queryset = Aanvraag.objects.select_related("regeling", "wijk", "buurt").defer(*ZONDER_GRENZEN)
    if voor_update:
        # Lock only the application row: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer joins to district and neighbourhood.
        queryset = queryset.select_for_update(of=("self",))
    return get_object_or_404(queryset, pk=pk, aanvrager=request.user)


def bewerkbare_aanvraag(request, pk) -> Aanvraag:
    aanvraag = eigen_aanvraag(request, pk)
    if not aanvraag.is_bewerkbaar:
        raise Http404
    return aanvraag


# --- Start -------------------------------------------------------------------------------


@bewoner_vereist
@require_POST
@throttle("aanvraag-start", per_account="20/h")
def nieuw(request, regeling_pk):
    """Start (or resume) an application for a scheme; one open draft per scheme and resident."""
    regeling = get_object_or_404(Regeling, pk=regeling_pk)
    if not regeling.is_open():
        messages.error(
            request, regels.venster(Aanvraag(regeling=regeling), timezone.localdate())[0][1]
        )
        return redirect("participatie:mijn_aanvragen")
    with transaction.atomic():
        concept = (
            Aanvraag.objects.select_for_update()
            .filter(aanvrager=request.user, regeling=regeling, status=Status.CONCEPT)
            .first()
        )
        if concept is None:
            concept = Aanvraag.objects.create(aanvrager=request.user, regeling=regeling)
    return redirect(concept.vervolg_url)


# --- The steps -----------------------------------------------------------------------------


def _voeg_problemen_toe(form, problemen):
    for veld, melding in problemen:
        form.add_error(veld if veld in form.fields else None, melding)


def _stap_context(aanvraag, stap, **extra):
    return {
        "aanvraag": aanvraag,
        "regeling": aanvraag.regeling,
        "stap": stap,
        "stappen": STAPPEN,
        "aantal_stappen": len(STAPPEN),
        "stap_titel": STAPPEN[stap],
        **extra,
    }


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def stap(request, pk, stap):
    if stap not in STAPPEN:
        raise Http404
    aanvraag = bewerkbare_aanvraag(request, pk)
    if stap > aanvraag.stap + 1:
        return redirect("participatie:stap", pk=pk, stap=aanvraag.stap + 1)
    regeling = aanvraag.regeling
    bestanden = request.FILES if request.method == "POST" else None
    data = request.POST if request.method == "POST" else None
    kwargs = {"regeling": regeling} if stap in (3, 4) else {}
    form_klasse = {1: Stap1Form, 2: Stap2Form, 3: Stap3Form, 4: Stap4Form}[stap]
    form = form_klasse(data, bestanden, instance=aanvraag, **kwargs)
    formset = None
    if stap == 3:
        formset = HuishoudenFormSet(data, instance=aanvraag, prefix="huishoudens")
        if request.method == "POST" and "meer_regels" in request.POST:
            return _meer_huishoudens(request, aanvraag, form, formset)
    if request.method == "POST":
        geldig = form.is_valid() and (formset is None or formset.is_valid())
        if geldig:
            bijlage_fout = None
            with transaction.atomic():
                aanvraag = form.save()
                if formset is not None:
                    formset.save()
                if stap == 4 and form.cleaned_data.get("bijlage"):
                    bijlage_fout = _bewaar_bijlage(
                        aanvraag, form.cleaned_data["bijlage"], form.cleaned_data["bijlage_soort"]
                    )
                aanvraag.stap = max(aanvraag.stap, stap) if not bijlage_fout else aanvraag.stap
                aanvraag.save(update_fields=["stap", "gewijzigd"])
            if bijlage_fout:
                form.add_error("bijlage", bijlage_fout)
            else:
                problemen = regels.controleer(aanvraag, regels.REGELS_PER_STAP[stap])
                if stap == 4 and "bijlage_toevoegen" in request.POST:
                    messages.success(request, _("The attachment has been added."))
                    return redirect("participatie:stap", pk=pk, stap=4)
                if not problemen:
                    messages.success(request, _("Saved as a draft."))
                    if stap == len(STAPPEN):
                        return redirect("participatie:controleren", pk=pk)
                    return redirect("participatie:stap", pk=pk, stap=stap + 1)
                _voeg_problemen_toe(form, problemen)
                if formset is not None:
                    # The rows are saved now: show them as saved rows (with their ids), or
                    # sending the page again would create every household a second time.
                    formset = HuishoudenFormSet(instance=aanvraag, prefix="huishoudens")
    context = _stap_context(aanvraag, stap, form=form, formset=formset)
    if stap == 2:
        context["kaart_nodig"] = True
        request.permissions_policy = {"geolocation": ["self"]}
    if stap == 4:
        context["bijlagen"] = aanvraag.bijlagen.all()
    return render(request, "participatie/stap.html", context, status=200)


def _meer_huishoudens(request, aanvraag, form, formset):
    """ "Add more households" without JavaScript: keep what was typed, show three more rows."""
    if formset.is_valid():
        form_geldig = form.is_valid()
        with transaction.atomic():
            if form_geldig:
                form.save()
            formset.save()
        getoond = int(request.POST.get("huishoudens-TOTAL_FORMS", 0))
        formset = HuishoudenFormSet(instance=aanvraag, prefix="huishoudens")
        formset.extra = max(getoond - aanvraag.huishoudens.count(), 0) + 3
        if form_geldig:
            form = Stap3Form(instance=aanvraag, regeling=aanvraag.regeling)
        # else: keep what was typed, with its errors, rather than dropping it silently
    return render(
        request,
        "participatie/stap.html",
        _stap_context(aanvraag, 3, form=form, formset=formset),
    )


def _bewaar_bijlage(aanvraag, upload, soort):
    try:
        # The count first: an upload over the limit is refused before it is decoded.
        controleer_aantal(aanvraag, soort)
        gecontroleerd = controleer_bestand(upload)
    except BijlageFout as fout:
        return fout
    bijlage = Bijlage(
        aanvraag=aanvraag,
        soort=soort,
        mime=gecontroleerd.mime,
        naam=gecontroleerd.oorspronkelijke_naam,
        grootte=len(gecontroleerd.inhoud),
    )
    bijlage.bestand.save(
        f"bijlage{gecontroleerd.extensie}", ContentFile(gecontroleerd.inhoud), save=False
    )
    bijlage.save()
    return None


@bewoner_vereist
@require_POST
def bijlage_verwijderen(request, pk, bijlage_pk):
    aanvraag = bewerkbare_aanvraag(request, pk)
    bijlage = get_object_or_404(Bijlage, pk=bijlage_pk, aanvraag=aanvraag)
    bijlage.bestand.delete(save=False)
    bijlage.delete()
    messages.success(request, _("The attachment has been removed."))
    return redirect("participatie:stap", pk=pk, stap=4)


@bewoner_vereist
def bijlage(request, pk, bijlage_pk):
    """The applicant, or staff of the application's district (with two-factor authentication)."""
    aanvraag = get_object_or_404(Aanvraag.objects.defer(*ZONDER_GRENZEN), pk=pk)
    eigenaar = aanvraag.aanvrager_id == request.user.pk
    medewerker = (
        not eigenaar
        and aanvraag.status != Status.CONCEPT
        and is_staff_gebruiker(request.user)
        and sessie_heeft_mfa(request)
        and mag_handelen(request.user, aanvraag)
    )
    if not (eigenaar or medewerker):
        raise Http404
    bijlage = get_object_or_404(Bijlage, pk=bijlage_pk, aanvraag=aanvraag)
    return serveer_bijlage(bijlage.bestand, bijlage.mime, bijlage.naam)


# --- Review and submit ---------------------------------------------------------------------


def _controleer_pagina(request, aanvraag, problemen):
    return render(
        request,
        "participatie/controleren.html",
        {
            "aanvraag": aanvraag,
            "regeling": aanvraag.regeling,
            "problemen": problemen,
            "stappen": STAPPEN,
            "huishoudens": aanvraag.huishoudens.all(),
            "bijlagen": aanvraag.bijlagen.all(),
        },
    )


@bewoner_vereist
@require_http_methods(["GET"])
def controleren(request, pk):
    aanvraag = bewerkbare_aanvraag(request, pk)
    return _controleer_pagina(request, aanvraag, regels.controleer(aanvraag))


@bewoner_vereist
@require_POST
def indienen(request, pk):
    """Submit once. A second click, a resubmitted old form or another tab finds the application
    already submitted (the key no longer matches) and shows it instead of creating anything."""
    with transaction.atomic():
        aanvraag = eigen_aanvraag(request, pk, voor_update=True)
        if not aanvraag.is_bewerkbaar or request.POST.get("sleutel") != str(
            aanvraag.indien_sleutel
        ):
            messages.info(request, _("This application has already been submitted."))
            return redirect(aanvraag)
        regels.vergrendel_limiet(aanvraag)  # the per-street count must see concurrent submits
        problemen = regels.controleer(aanvraag)
        if problemen:
            return _controleer_pagina(request, aanvraag, problemen)
        opnieuw = aanvraag.status == Status.AANPASSING_GEVRAAGD
        aanvraag.wijzig_status(Status.INGEDIEND, door=request.user, rol=Rol.AANVRAGER)
        Aanvraag.objects.filter(pk=aanvraag.pk).update(indien_sleutel=uuid.uuid4())
        context = {
            "aanvraag": aanvraag,
            "opnieuw": opnieuw,
            "url": request.build_absolute_uri(aanvraag.get_absolute_url()),
            "mijn_aanvragen_url": request.build_absolute_uri(
                reverse("participatie:mijn_aanvragen")
            ),
        }
        # Into the outbox in this transaction: the e-mail exists exactly when the submission
        # does, and a broker or SMTP outage cannot fail this request.
        plan_email(request.user.email, "aanvraag_ontvangen", context)
    messages.success(
        request,
        _("Your application has been submitted. Your reference is %(ref)s.")
        % {"ref": aanvraag.referentie},
    )
    return redirect(aanvraag)


# --- Mijn aanvragen ------------------------------------------------------------------------


@bewoner_vereist
def mijn_aanvragen(request):
    aanvragen = (
        Aanvraag.objects.van(request.user)
        .select_related("regeling", "wijk", "buurt")
        .defer(*ZONDER_GRENZEN)
    )
    pagina = Paginator(aanvragen, PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "participatie/mijn_aanvragen.html", {"pagina": pagina})


def tijdlijn(aanvraag, wijzigingen):
    """The usual path with the steps reached so far marked, plus side-steps that happened."""
    bereikt = {aanvraag.status} | {w.van for w in wijzigingen} | {w.naar for w in wijzigingen}
    pad = list(TIJDLIJN)
    if aanvraag.status not in pad:
        pad = [s for s in pad if s in bereikt] + [aanvraag.status]
    labels = dict(Status.choices)
    huidig = pad.index(aanvraag.status)
    return [
        {"status": s, "label": labels[s], "bereikt": i <= huidig, "huidig": i == huidig}
        for i, s in enumerate(pad)
    ]


@bewoner_vereist
def detail(request, pk):
    aanvraag = eigen_aanvraag(request, pk)
    wijzigingen = list(aanvraag.wijzigingen.all())
    laatste_verzoek = next(
        (w for w in reversed(wijzigingen) if w.naar == Status.AANPASSING_GEVRAAGD), None
    )
    return render(
        request,
        "participatie/detail.html",
        {
            "aanvraag": aanvraag,
            "wijzigingen": wijzigingen,
            "tijdlijn": tijdlijn(aanvraag, wijzigingen),
            "laatste_verzoek": laatste_verzoek,
            "kruimels": [
                {"title": _("My applications"), "url": reverse("participatie:mijn_aanvragen")},
                {"title": aanvraag.referentie or _("Draft"), "url": aanvraag.get_absolute_url()},
            ],
            "huishoudens": aanvraag.huishoudens.all(),
            "bijlagen": aanvraag.bijlagen.all(),
        },
    )


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def intrekken(request, pk):
    aanvraag = eigen_aanvraag(request, pk)
    if not aanvraag.is_intrekbaar:
        raise Http404
    form = IntrekkenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        aanvraag.wijzig_status(
            Status.INGETROKKEN,
            door=request.user,
            rol=Rol.AANVRAGER,
            motivatie=form.cleaned_data["reden"],
        )
        messages.success(request, _("Your application has been withdrawn."))
        return redirect(aanvraag)
    return render(request, "participatie/intrekken.html", {"aanvraag": aanvraag, "form": form})


@bewoner_vereist
@require_http_methods(["GET"])
def aanpassen(request, pk):
    """Respond to "changes requested": back into the steps, then submit again."""
    aanvraag = eigen_aanvraag(request, pk)
    if aanvraag.status != Status.AANPASSING_GEVRAAGD:
        raise Http404
    return redirect("participatie:stap", pk=pk, stap=1)


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def verantwoording(request, pk):
    aanvraag = eigen_aanvraag(request, pk)
    if not aanvraag.kan_verantwoorden:
        raise Http404
    form = VerantwoordingForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if form.cleaned_data.get("foto"):
                fout = _bewaar_bijlage(
                    aanvraag, form.cleaned_data["foto"], BijlageSoort.VERANTWOORDING
                )
                if fout:
                    form.add_error("foto", fout)
                    return render(
                        request,
                        "participatie/verantwoording.html",
                        {"aanvraag": aanvraag, "form": form},
                    )
            Aanvraag.objects.filter(pk=aanvraag.pk).update(
                verantwoording=form.cleaned_data["verantwoording"]
            )
            aanvraag.wijzig_status(Status.VERANTWOORD, door=request.user, rol=Rol.AANVRAGER)
        messages.success(request, _("Thank you for reporting back."))
        return redirect(aanvraag)
    return render(request, "participatie/verantwoording.html", {"aanvraag": aanvraag, "form": form})
