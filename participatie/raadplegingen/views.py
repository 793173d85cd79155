"""Residents and consultations: the list, one consultation with its response form, and the
confirmation link of an anonymous response.

Who responds how (``Raadpleging.deelname``): with a verified account (``bewoner_vereist``), or
anonymously with an e-mail address that confirms the response by a signed link. A logged-in
resident always responds with the account. The holder of a valid link may change that
anonymous response for the rest of the session (its id is kept in the session, per
consultation). What is stored, and when a response counts, is decided in ``reacties``.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.decorators import bewoner_vereist, heeft_geverifieerd_email
from portal.core.throttle import throttle
from portal.gebieden.models import Wijk

from . import reacties
from .constants import Fase, ReactieStatus
from .forms import ReactieFormulier, aantal_beantwoord
from .models import Raadpleging, Reactie
from .vragen import opgeslagen_antwoorden, vragen_van

SESSIE_SLEUTEL = "raadplegingen_reacties"  # {consultation pk: anonymous response pk}
GESLOTEN_PER_PAGINA = 10
OPSLAAN = "opslaan"


def _met_wijken(queryset):
    """Without the large fields a list does not show; districts in one extra query."""
    return (
        queryset.select_related("thema")
        .defer("vragen", "inleiding", "opvolging")
        .prefetch_related(Prefetch("wijken", queryset=Wijk.objects.only("pk", "naam", "volgorde")))
    )


def lijst(request):
    """Open consultations (closing first), then closed ones (paginated) with their results."""
    nu = timezone.now()
    open_ = list(_met_wijken(Raadpleging.objects.open(nu)).order_by("sluit_op", "pk"))
    gesloten = Paginator(
        _met_wijken(Raadpleging.objects.gesloten(nu)).order_by("-sluit_op", "-pk"),
        GESLOTEN_PER_PAGINA,
    ).get_page(request.GET.get("pagina"))
    return render(
        request,
        "participatie/raadplegingen/lijst.html",
        {
            "open_raadplegingen": open_,
            "gesloten": gesloten,
            "breadcrumb_items": _kruimels(),
        },
    )


def _kruimels(raadpleging=None) -> list[dict]:
    items = [
        {"title": _("Home"), "url": "/"},
        {"title": _("Consultations"), "url": reverse("raadplegingen:lijst")},
    ]
    if raadpleging is not None:
        items.append({"title": raadpleging.titel, "url": raadpleging.get_absolute_url()})
    return items


# --- One consultation -------------------------------------------------------------------------


def _sessie_reactie(request, raadpleging) -> Reactie | None:
    """The anonymous response whose link was followed in this session, if any."""
    pk = request.session.get(SESSIE_SLEUTEL, {}).get(str(raadpleging.pk))
    if pk is None:
        return None
    return Reactie.objects.filter(pk=pk, raadpleging=raadpleging, bewoner=None).first()


def _modus(request, raadpleging) -> str:
    """account: a verified resident; verifieer: logged in, address not verified; inloggen: an
    account consultation for a visitor; anoniem: an anonymous consultation for a visitor."""
    if request.user.is_authenticated:
        return "account" if heeft_geverifieerd_email(request.user) else "verifieer"
    return "anoniem" if raadpleging.anoniem else "inloggen"


def _toon(request, raadpleging, *, form=None, reactie=None, status=200):
    fase = raadpleging.fase()
    modus = _modus(request, raadpleging)
    vragen = vragen_van(raadpleging)
    if reactie is None and modus == "account":
        reactie = reacties.reactie_van_account(raadpleging, request.user)
    elif reactie is None and modus == "anoniem":
        reactie = _sessie_reactie(request, raadpleging)
    opgeslagen = opgeslagen_antwoorden(reactie, vragen)
    if form is None and fase == Fase.OPEN and modus in ("account", "anoniem"):
        form = ReactieFormulier(
            raadpleging=raadpleging,
            vragen=vragen,
            met_email=modus == "anoniem" and reactie is None,
            initial=ReactieFormulier.initial_van(
                vragen, opgeslagen, reactie.wijk_id if reactie else None
            ),
        )
    context = {
        "raadpleging": raadpleging,
        "fase": fase,
        "modus": modus,
        "form": form,
        "reactie": reactie,
        "ingediend": reactie is not None and reactie.status == ReactieStatus.INGEDIEND,
        "te_bevestigen": reactie is not None and reactie.status == ReactieStatus.TE_BEVESTIGEN,
        # Saving progress needs an account; a sent response is changed by sending it again.
        "kan_opslaan": modus == "account"
        and (reactie is None or reactie.status != ReactieStatus.INGEDIEND),
        "beantwoord": aantal_beantwoord(vragen, opgeslagen),
        "aantal_vragen": len(vragen),
        "wijken": [] if raadpleging.stadsbreed else list(raadpleging.wijken.all()),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
        "resultaten_url": reverse("raadplegingen:resultaten", kwargs={"slug": raadpleging.slug}),
        "breadcrumb_items": _kruimels(raadpleging),
    }
    return render(request, "participatie/raadplegingen/detail.html", context, status=status)


def _niet_open(request, raadpleging):
    """A POST outside the open period: nothing changes, a clear message."""
    try:
        reacties.controleer_open(raadpleging)
    except reacties.NietOpen as fout:
        messages.error(request, fout.bericht)
        return redirect(raadpleging)
    return None


@bewoner_vereist
def _reageer_met_account(request, raadpleging):
    if (geweigerd := _niet_open(request, raadpleging)) is not None:
        return geweigerd
    reactie = reacties.reactie_van_account(raadpleging, request.user)
    versturen = request.POST.get("actie") != OPSLAAN or (
        reactie is not None and reactie.status == ReactieStatus.INGEDIEND
    )
    form = ReactieFormulier(
        request.POST, raadpleging=raadpleging, vragen=vragen_van(raadpleging), versturen=versturen
    )
    if not form.is_valid():
        return _toon(request, raadpleging, form=form, reactie=reactie)
    try:
        reacties.bewaar_voor_account(
            raadpleging,
            request.user,
            form.antwoorden,
            wijk=form.cleaned_data.get("wijk"),
            versturen=versturen,
        )
    except reacties.NietOpen as fout:
        messages.error(request, fout.bericht)
        return redirect(raadpleging)
    if versturen:
        messages.success(
            request, _("Thank you for your response. We have sent you a receipt by e-mail.")
        )
    else:
        messages.success(
            request,
            _(
                "Your answers have been saved. You can continue until %(datum)s; your response "
                "counts once you have sent it."
            )
            % {"datum": reacties.datum_tekst(raadpleging.sluit_op)},
        )
    return redirect(raadpleging)


@throttle("raadpleging-anoniem", per_ip="20/h")
def _reageer_anoniem(request, raadpleging):
    if (geweigerd := _niet_open(request, raadpleging)) is not None:
        return geweigerd
    reactie = _sessie_reactie(request, raadpleging)
    form = ReactieFormulier(
        request.POST,
        raadpleging=raadpleging,
        vragen=vragen_van(raadpleging),
        met_email=reactie is None,
    )
    if not form.is_valid():
        return _toon(request, raadpleging, form=form, reactie=reactie)
    wijk = form.cleaned_data.get("wijk")
    try:
        if reactie is not None:
            reacties.wijzig_anoniem(reactie, form.antwoorden, wijk=wijk)
        else:
            reacties.reageer_anoniem(
                raadpleging, form.cleaned_data["email"], form.antwoorden, wijk=wijk
            )
    except reacties.NietOpen as fout:
        messages.error(request, fout.bericht)
        return redirect(raadpleging)
    if reactie is not None:
        messages.success(
            request, _("Thank you for your response. We have sent you a receipt by e-mail.")
        )
        return redirect(raadpleging)
    # The same page whether or not the address had responded before: nothing is revealed.
    return render(
        request,
        "participatie/raadplegingen/bevestigen.html",
        {
            "modus": "controleer",
            "raadpleging": raadpleging,
            "breadcrumb_items": _kruimels(raadpleging),
        },
    )


@require_http_methods(["GET", "POST"])
def detail(request, slug):
    raadpleging = get_object_or_404(
        Raadpleging.objects.gepubliceerd().select_related("thema"), slug=slug
    )
    if request.method == "POST":
        if request.user.is_authenticated:
            return _reageer_met_account(request, raadpleging)
        if raadpleging.anoniem:
            return _reageer_anoniem(request, raadpleging)
        return redirect_to_login(request.path)
    return _toon(request, raadpleging)


# --- The link in the e-mail -------------------------------------------------------------------


@require_GET
def bevestigen(request, token):
    """Confirm an anonymous response (it counts from now on), or open it for changes; either
    way the response may be changed in this session until closing."""
    gelezen = reacties.lees_link(token)
    if gelezen is None:
        return render(
            request,
            "participatie/raadplegingen/bevestigen.html",
            {"modus": "ongeldig", "breadcrumb_items": _kruimels()},
            status=400,
        )
    reactie, doel = gelezen
    raadpleging = reactie.raadpleging
    try:
        reacties.controleer_open(raadpleging)
        bevestigd = doel == reacties.BEVESTIGEN and reacties.bevestig(reactie)
    except reacties.NietOpen as fout:
        return render(
            request,
            "participatie/raadplegingen/bevestigen.html",
            {
                "modus": "gesloten",
                "bericht": fout.bericht,
                "raadpleging": raadpleging,
                "breadcrumb_items": _kruimels(raadpleging),
            },
        )
    bewaard = dict(request.session.get(SESSIE_SLEUTEL, {}))
    bewaard[str(raadpleging.pk)] = reactie.pk
    request.session[SESSIE_SLEUTEL] = bewaard
    datum = {"datum": reacties.datum_tekst(raadpleging.sluit_op)}
    if bevestigd:
        bericht = _(
            "Thank you: your response is confirmed and counts. You can change your answers on "
            "this page until %(datum)s."
        )
    elif reactie.status == ReactieStatus.TE_BEVESTIGEN:
        bericht = _(
            "Your response has not been sent yet. Check your answers and send them; then your "
            "response counts. This is possible until %(datum)s."
        )
    else:
        bericht = _("You can change your answers on this page until %(datum)s.")
    messages.success(request, bericht % datum)
    return redirect(raadpleging)
