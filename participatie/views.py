"""Resident side of applications: the multi-step form, "Mijn aanvragen", withdraw, report back.

Who may reach an application is decided in ``rechten.py`` (the one access policy): another
resident's application (or its files, or its edit URLs) answers 404, exactly like one that does
not exist. Statuses change only through the model (``Aanvraag.indienen``/``wijzig_status``).
"""

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
from portal.bijlagen import (
    BijlageFout,
    OpslagNietBeschikbaar,
    controleer_bestand,
    serveer_bijlage,
)
from portal.core.throttle import throttle

from . import besluiten, regels
from .bijlagelimiet import controleer_aantal
from .constants import BijlageSoort, Rol, Status
from .forms import HuishoudenFormSet, IntrekkenForm, Stap3Form, VerantwoordingForm
from .models import Aanvraag, Bijlage, Regeling
from .rechten import ZONDER_GRENZEN, bewerkbare_aanvraag, eigen_aanvraag, zichtbare_aanvraag
from .stappen import AANTAL_STAPPEN, LAATSTE_STAP, STAPPEN, staptitels
from .statemachine import TIJDLIJN

PER_PAGINA = 20


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
    # The partial unique constraint "one draft per resident per scheme" makes this safe against
    # double clicks: get_or_create retries the lookup when a parallel insert wins.
    concept, _ = Aanvraag.objects.get_or_create(
        aanvrager=request.user, regeling=regeling, status=Status.CONCEPT
    )
    return redirect(concept.vervolg_url)


# --- The steps -----------------------------------------------------------------------------


def _voeg_problemen_toe(form, problemen):
    for veld, melding in problemen:
        form.add_error(veld if veld in form.fields else None, melding)


def _stap_context(aanvraag, stap, **extra):
    definitie = STAPPEN[stap]
    titels = staptitels(aanvraag.regeling)
    context = {
        "aanvraag": aanvraag,
        "regeling": aanvraag.regeling,
        "stap": stap,
        "definitie": definitie,
        "stappen": titels,
        "aantal_stappen": AANTAL_STAPPEN,
        "stap_titel": titels[stap],
        **extra,
    }
    if definitie.kaart:
        context["kaart_nodig"] = True
    if definitie.bijlagen:
        context["bijlagen"] = aanvraag.bijlagen.all()
        context["verplichte_bijlagen"] = aanvraag.regeling.te_downloaden()
    return context


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def stap(request, pk, stap):
    definitie = STAPPEN.get(stap)
    if definitie is None:
        raise Http404
    aanvraag = bewerkbare_aanvraag(request.user, pk)
    if stap > aanvraag.stappen_voltooid + 1:
        return redirect("participatie:stap", pk=pk, stap=aanvraag.stappen_voltooid + 1)
    regeling = aanvraag.regeling
    post = request.method == "POST"
    data, bestanden = (request.POST, request.FILES) if post else (None, None)
    kwargs = {"regeling": regeling} if definitie.vraagt_regeling else {}
    form = definitie.form(data, bestanden, instance=aanvraag, **kwargs)
    formset = None
    if definitie.huishoudens:
        formset = HuishoudenFormSet(data, instance=aanvraag, prefix="huishoudens")
        if post and "meer_regels" in request.POST:
            return _meer_huishoudens(request, aanvraag, form, formset)
    if post and form.is_valid() and (formset is None or formset.is_valid()):
        bijlage_fout = None
        with transaction.atomic():
            aanvraag = form.save()
            if formset is not None:
                formset.save()
            if definitie.bijlagen and form.cleaned_data.get("bijlage"):
                bijlage_fout = _bewaar_bijlage(
                    aanvraag, form.cleaned_data["bijlage"], form.cleaned_data["bijlage_soort"]
                )
            if not bijlage_fout:
                aanvraag.stappen_voltooid = max(aanvraag.stappen_voltooid, stap)
            aanvraag.save(update_fields=["stappen_voltooid", "gewijzigd"])
        if bijlage_fout:
            form.add_error("bijlage", bijlage_fout)
        else:
            problemen = regels.controleer(aanvraag, regels.REGELS_PER_STAP[stap])
            if definitie.bijlagen and "bijlage_toevoegen" in request.POST:
                messages.success(request, _("The attachment has been added."))
                return redirect("participatie:stap", pk=pk, stap=stap)
            if not problemen:
                messages.success(request, _("Saved as a draft."))
                if stap == LAATSTE_STAP:
                    return redirect("participatie:controleren", pk=pk)
                return redirect("participatie:stap", pk=pk, stap=stap + 1)
            _voeg_problemen_toe(form, problemen)
            if formset is not None:
                # The rows are saved now: show them as saved rows (with their ids), or
                # sending the page again would create every household a second time.
                formset = HuishoudenFormSet(instance=aanvraag, prefix="huishoudens")
    if definitie.kaart:
        request.permissions_policy = {"geolocation": ["self"]}
    context = _stap_context(aanvraag, stap, form=form, formset=formset)
    return render(request, "participatie/stap.html", context)


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
    try:
        bijlage.bestand.save(
            f"bijlage{gecontroleerd.extensie}", ContentFile(gecontroleerd.inhoud), save=False
        )
    except OpslagNietBeschikbaar:
        # The rest of the step is saved; only the file waits for the resident's next try.
        return _(
            "Your attachment could not be stored just now. Your other answers have been "
            "saved: add the attachment again in a minute."
        )
    bijlage.save()
    return None


@bewoner_vereist
@require_POST
def bijlage_verwijderen(request, pk, bijlage_pk):
    aanvraag = bewerkbare_aanvraag(request.user, pk)
    bijlage = get_object_or_404(Bijlage, pk=bijlage_pk, aanvraag=aanvraag)
    bijlage.bestand.delete(save=False)
    bijlage.delete()
    messages.success(request, _("The attachment has been removed."))
    return redirect("participatie:stap", pk=pk, stap=4)


@bewoner_vereist
def bijlage(request, pk, bijlage_pk):
    """The applicant, or staff of the application's district (with two-factor authentication)."""
    aanvraag = zichtbare_aanvraag(request, pk)
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
            "stappen": staptitels(aanvraag.regeling),
            "huishoudens": aanvraag.huishoudens.all(),
            "bijlagen": aanvraag.bijlagen.all(),
        },
    )


@bewoner_vereist
@require_http_methods(["GET"])
def controleren(request, pk):
    aanvraag = bewerkbare_aanvraag(request.user, pk)
    return _controleer_pagina(request, aanvraag, regels.controleer(aanvraag))


@bewoner_vereist
@require_POST
def indienen(request, pk):
    """Submit once (``Aanvraag.indienen``): a second click, an old form or another tab finds the
    application already submitted and shows it instead of creating anything."""
    aanvraag = eigen_aanvraag(request.user, pk)
    uitkomst = aanvraag.indienen(door=request.user, sleutel=request.POST.get("sleutel", ""))
    if uitkomst.problemen:
        return _controleer_pagina(request, aanvraag, uitkomst.problemen)
    if not uitkomst.ingediend:
        messages.info(request, _("This application has already been submitted."))
        return redirect(aanvraag)
    messages.success(
        request,
        _("Your application has been submitted. Your reference is %(ref)s.")
        % {"ref": aanvraag.referentie},
    )
    return redirect(aanvraag)


# --- Public: approved initiatives of a district ------------------------------------------------


def initiatieven(request, wijk):
    """All approved initiatives of a district for the coming twelve months, paginated (the
    district page shows the first few). No personal data: title, scheme, neighbourhood, date."""
    from portal.gebieden.models import Wijk

    from .queries import alle_initiatieven, als_rij

    wijk = get_object_or_404(Wijk.objects.only("pk", "naam", "slug"), slug=wijk)
    pagina = Paginator(alle_initiatieven(wijk), PER_PAGINA).get_page(request.GET.get("pagina"))
    return render(
        request,
        "participatie/initiatieven.html",
        {
            "wijk": wijk,
            "pagina": pagina,
            "rijen": [als_rij(r) for r in pagina.object_list],
        },
    )


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
    if not aanvraag.regeling.betaalt_uit:
        pad.remove(Status.UITBETAALD)  # a scheme without money is never "paid"
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
    aanvraag = eigen_aanvraag(request.user, pk)
    wijzigingen = list(aanvraag.wijzigingen.all())
    laatste_verzoek = next(
        (w for w in reversed(wijzigingen) if w.naar == Status.AANPASSING_GEVRAAGD), None
    )
    # The decision and what to do next, while it is the applicant's next step.
    besluit = None
    if aanvraag.status in (Status.AFGEWEZEN, Status.GOEDGEKEURD, Status.UITBETAALD):
        besluit = next(
            (w for w in reversed(wijzigingen) if w.is_afwijzing or w.is_goedkeuring), None
        )
    return render(
        request,
        "participatie/detail.html",
        {
            "aanvraag": aanvraag,
            "wijzigingen": wijzigingen,
            "tijdlijn": tijdlijn(aanvraag, wijzigingen),
            "laatste_verzoek": laatste_verzoek,
            "besluit": besluit,
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
    aanvraag = eigen_aanvraag(request.user, pk)
    if not aanvraag.is_intrekbaar:
        raise Http404
    form = IntrekkenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        besluiten.intrekken(aanvraag, door=request.user, reden=form.cleaned_data["reden"])
        messages.success(request, _("Your application has been withdrawn."))
        return redirect(aanvraag)
    return render(request, "participatie/intrekken.html", {"aanvraag": aanvraag, "form": form})


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def concept_verwijderen(request, pk):
    """A resident deletes their own draft (never a submitted application), with its files."""
    aanvraag = eigen_aanvraag(request.user, pk)
    if not aanvraag.is_concept:
        raise Http404
    if request.method == "POST":
        with transaction.atomic():
            for bijlage in aanvraag.bijlagen.all():
                bijlage.bestand.delete(save=False)
            aanvraag.delete()
        messages.success(request, _("Your draft has been deleted."))
        return redirect("participatie:mijn_aanvragen")
    return render(request, "participatie/concept_verwijderen.html", {"aanvraag": aanvraag})


@bewoner_vereist
@require_http_methods(["GET"])
def aanpassen(request, pk):
    """Respond to "changes requested": back into the steps, then submit again."""
    aanvraag = eigen_aanvraag(request.user, pk)
    if not aanvraag.wacht_op_aanpassing:
        raise Http404
    return redirect("participatie:stap", pk=pk, stap=1)


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def verantwoording(request, pk):
    aanvraag = eigen_aanvraag(request.user, pk)
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
