"""Residents on the play-space map: rate a play space, report a defect, propose and support a
wish, and follow their reports and wishes in "Mijn meldingen".

Every view here acts for a resident with a verified e-mail address (``bewoner_vereist``); every
POST also counts against the site-wide budget (``portal.core.throttle.PostThrottleMiddleware``),
and uploads against a stricter one of their own. What is saved, and which status follows, is
decided in ``besluiten``; who may see a report's photo in ``rechten``.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatie.wachtrij.models import Overgang
from portal.accounts.decorators import bewoner_vereist
from portal.bijlagen import serveer_bijlage
from portal.core.throttle import throttle

from . import besluiten
from .constants import SpeelplekStatus, WensSoort
from .forms import MeldingForm, WaarderingForm, WensForm
from .models import Melding, Speelplek, Waardering, Wens, WensSteun
from .rechten import ZONDER_GRENZEN, melding_met_foto
from .statemachine import STEUNBARE_WENSEN


def _speelplek(slug, *, bestaand: bool = True) -> Speelplek:
    """The play space; a planned one (not built yet) cannot be rated or reported."""
    queryset = Speelplek.objects.select_related("buurt", "wijk").defer("omtrek", *ZONDER_GRENZEN)
    if bestaand:
        queryset = queryset.exclude(status=SpeelplekStatus.GEPLAND)
    return get_object_or_404(queryset, slug=slug)


# --- Rating -------------------------------------------------------------------------------


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def waarderen(request, slug):
    """Rate a play space; a second visit shows and changes the resident's own rating."""
    speelplek = _speelplek(slug)
    waardering = Waardering.objects.filter(speelplek=speelplek, bewoner=request.user).first()
    form = WaarderingForm.voor(waardering, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        waardering = besluiten.bewaar_waardering(
            speelplek,
            request.user,
            scores=form.scores,
            opmerking=form.cleaned_data["opmerking"],
        )
        if waardering.opmerking:
            messages.success(
                request,
                _(
                    "Thank you for your rating. Your scores count at once; your comment is "
                    "shown after a moderator has read it."
                ),
            )
        else:
            messages.success(request, _("Thank you for your rating. Your scores count at once."))
        return redirect(speelplek)  # its page shows the new averages
    return render(
        request,
        "speelkaart/waarderen.html",
        {"speelplek": speelplek, "form": form, "waardering": waardering},
    )


# --- Defect reports -----------------------------------------------------------------------


@bewoner_vereist
@require_http_methods(["GET", "POST"])
@throttle("speelkaart-melden", per_account="20/h")
def melden(request, slug):
    speelplek = _speelplek(slug)
    if request.method == "POST":
        form = MeldingForm(request.POST, request.FILES)
        if form.is_valid():
            besluiten.dien_melding_in(
                speelplek,
                request.user,
                categorie=form.cleaned_data["categorie"],
                tekst=form.cleaned_data["tekst"],
                foto=form.cleaned_data["foto"],
            )
            messages.success(
                request,
                _(
                    "Thank you for your report. The district's team will look at it; you can "
                    "follow it here and we e-mail you when its status changes."
                ),
            )
            return redirect("speelkaart:mijn_meldingen")
    else:
        form = MeldingForm()
    return render(request, "speelkaart/melden.html", {"speelplek": speelplek, "form": form})


@bewoner_vereist
def melding_foto(request, pk):
    """The reporter, or staff of the report's district with a second factor (``rechten``)."""
    melding = melding_met_foto(request, pk)
    return serveer_bijlage(melding.foto, melding.foto_mime, f"foto-melding-{melding.pk}")


# --- Wishes -------------------------------------------------------------------------------


def _wens(request, speelplek=None):
    data = request.POST if request.method == "POST" else None
    form = WensForm(data, speelplek=speelplek)
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        besluiten.dien_wens_in(
            request.user,
            soort=WensSoort.VERBETERING if speelplek else WensSoort.NIEUW,
            titel=gegevens["titel"],
            tekst=gegevens["tekst"],
            speelplek=speelplek,
            buurt=gegevens.get("buurt"),
            lat=gegevens.get("lat"),
            lon=gegevens.get("lon"),
        )
        messages.success(
            request,
            _(
                "Thank you for your wish. It is shown on the play-space map once a moderator "
                "has read it."
            ),
        )
        return redirect("speelkaart:mijn_meldingen")
    return render(
        request,
        "speelkaart/wens.html",
        {"speelplek": speelplek, "form": form, "kaart_nodig": speelplek is None},
    )


@bewoner_vereist
@require_http_methods(["GET", "POST"])
@throttle("speelkaart-wens", per_account="20/h")
def wens_nieuw(request, slug):
    """A wish to improve this play space (also a planned one)."""
    return _wens(request, _speelplek(slug, bestaand=False))


@bewoner_vereist
@require_http_methods(["GET", "POST"])
@throttle("speelkaart-wens", per_account="20/h")
def wens_nieuw_los(request):
    """A wish for a new play space at a place: a neighbourhood, or a point on the map."""
    return _wens(request)


def _terug(request, standaard):
    """Back to the page the support button was on (``volgende``), if it is one of ours."""
    volgende = request.POST.get("volgende") or request.GET.get("volgende") or ""
    if url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return volgende
    return standaard


@bewoner_vereist
@require_http_methods(["GET", "POST"])
def wens_steunen(request, pk):
    """Support a published wish once. GET shows the wish with the button (the page a resident
    lands on after logging in from the support button)."""
    wens = get_object_or_404(
        Wens.objects.select_related("speelplek", "buurt").defer(*ZONDER_GRENZEN),
        pk=pk,
        status__in=STEUNBARE_WENSEN,
    )
    if request.method == "POST":
        try:
            nieuw = besluiten.steun_wens(wens, request.user)
        except besluiten.BesluitFout as fout:
            messages.error(request, fout.messages[0])
        else:
            if nieuw:
                messages.success(request, _("Thank you: you support this wish."))
            else:
                messages.info(request, _("You already support this wish."))
        return redirect(_terug(request, request.path))
    return render(
        request,
        "speelkaart/wens_steunen.html",
        {
            "wens": wens,
            "eigen_wens": wens.bewoner_id == request.user.pk,
            "steunt_al": WensSteun.objects.filter(wens=wens, bewoner=request.user).exists(),
            "volgende": _terug(request, ""),
        },
    )


# --- Mijn meldingen -----------------------------------------------------------------------


def _laatste_motivaties(model, ids) -> dict[int, str]:
    """Per item the public motivation of its latest status change, if it gave one (one
    query): a rejection's reason no longer shows once the resident has changed the item."""
    if not ids:
        return {}
    rijen = (
        Overgang.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        )
        .order_by("op", "pk")
        .values_list("object_id", "motivatie")
    )
    return dict(rijen)  # later rows overwrite earlier ones: the latest change wins


@bewoner_vereist
def mijn_meldingen(request):
    """The resident's defect reports, wishes and rated play spaces, with their status."""
    meldingen = list(
        Melding.objects.filter(bewoner=request.user)
        .select_related("speelplek")
        .only(
            "pk",
            "categorie",
            "tekst",
            "foto",
            "status",
            "aangemaakt",
            "gewijzigd",
            "speelplek__naam",
            "speelplek__slug",
        )
    )
    wensen = list(
        Wens.objects.filter(bewoner=request.user)
        .select_related("speelplek", "buurt")
        .only(
            "pk",
            "soort",
            "titel",
            "status",
            "aantal_steun",
            "aangemaakt",
            "gewijzigd",
            "speelplek__naam",
            "speelplek__slug",
            "buurt__naam",
        )
    )
    waarderingen = list(
        Waardering.objects.filter(bewoner=request.user)
        .select_related("speelplek")
        .only(
            "pk",
            "speelwaarde",
            "veiligheid",
            "onderhoud",
            "leeftijd",
            "opmerking",
            "opmerking_status",
            "gewijzigd",
            "speelplek__naam",
            "speelplek__slug",
        )
        .order_by("-gewijzigd", "-pk")
    )
    for soort, items in ((Melding, meldingen), (Wens, wensen), (Waardering, waarderingen)):
        motivaties = _laatste_motivaties(soort, [item.pk for item in items])
        for item in items:
            item.motivatie = motivaties.get(item.pk, "")
    return render(
        request,
        "speelkaart/mijn_meldingen.html",
        {"meldingen": meldingen, "wensen": wensen, "waarderingen": waarderingen},
    )
