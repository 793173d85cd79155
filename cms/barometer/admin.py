"""Admin for indicator series (imported by cms/wagtail_hooks.py).

One ``ModelViewSet`` for ``Indicator`` (list, create, edit) that also serves the CSV import of
indicator values (``import/``, through its ``get_urlpatterns``), with both in an admin menu
"Barometer". Who may use it: users with the add *and* change permission on Indicator, which
``cms/apps.py`` grants the Beheerder role; ``portal/accounts/adminrechten.py`` refuses every
other role on the whole namespace (``barometer_indicatoren:*``). The file format is documented
in ``import_csv.py`` and on the import page itself.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from cms.models import Indicator

from .formulieren import ImportFormulier, IndicatorFormulier
from .import_csv import ImportFout, importeer_csv

# The import writes values of existing indicators: it needs both.
IMPORT_RECHTEN = ("add", "change")


def mag_importeren(user) -> bool:
    policy = ModelPermissionPolicy(Indicator)
    return all(policy.user_has_permission(user, actie) for actie in IMPORT_RECHTEN)


class IndicatorIndexView(IndexView):
    """The list of indicators, with a header button to the import."""

    import_url_name = None

    @cached_property
    def header_buttons(self):
        knoppen = super().header_buttons
        if self.import_url_name and mag_importeren(self.request.user):
            knoppen.append(
                HeaderButton(
                    gettext("Import values"), url=reverse(self.import_url_name), icon_name="upload"
                )
            )
        return knoppen


class IndicatorImportView(WagtailAdminTemplateMixin, FormView):
    """Upload a CSV file of indicator values: every row is checked, errors are listed per line
    and nothing is imported unless all rows are right (``import_csv.importeer_csv``)."""

    template_name = "cms/barometer/admin/import.html"
    form_class = ImportFormulier
    page_title = _("Import indicator values")
    header_icon = "upload"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not mag_importeren(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Indicator._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def form_valid(self, form):
        inhoud = form.cleaned_data["bestand"].read()
        try:
            resultaat = importeer_csv(inhoud, form.cleaned_data["indicator"])
        except ImportFout as fout:
            return self.render_to_response(
                self.get_context_data(form=form, importfouten=[str(f) for f in fout.fouten])
            )
        messages.success(
            self.request,
            gettext(
                "Import complete: %(aangemaakt)s created, %(bijgewerkt)s updated, "
                "%(ongewijzigd)s unchanged."
            )
            % {
                "aangemaakt": resultaat.aangemaakt,
                "bijgewerkt": resultaat.bijgewerkt,
                "ongewijzigd": resultaat.ongewijzigd,
            },
        )
        return redirect(self.request.path)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("importfouten", [])
        context["aantal_fouten_tekst"] = ngettext(
            "The file was not imported: %(aantal)s error.",
            "The file was not imported: %(aantal)s errors.",
            len(context["importfouten"]),
        ) % {"aantal": len(context["importfouten"])}
        context["index_url"] = reverse(self.index_url_name)
        return context


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    name = "barometer_indicatoren"
    url_prefix = "barometer/indicatoren"
    icon = "table"
    menu_label = _("Barometer")
    menu_order = 330
    add_to_admin_menu = True
    index_view_class = IndicatorIndexView
    inspect_view_enabled = False
    copy_view_enabled = False
    list_display = ["naam", "slug", "eenheid", "bron"]
    search_fields = ["naam", "slug", "bron"]
    edit_handler = ObjectList(
        [
            FieldPanel("naam"),
            FieldPanel("slug"),
            FieldPanel("eenheid"),
            FieldPanel("omschrijving"),
            FieldPanel("bron"),
        ],
        base_form_class=IndicatorFormulier,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(import_url_name=self.get_url_name("import"), **kwargs)

    @property
    def import_view(self):
        return IndicatorImportView.as_view(index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("import/", self.import_view, name="import"),
        ]

    def get_menu_item(self, order=None):
        """A "Barometer" submenu: the indicators, and the import of their values."""
        viewset = self

        class IndicatorenItem(MenuItem):
            def is_shown(self, request):
                return viewset.permission_policy.user_has_any_permission(
                    request.user, ["add", "change", "delete", "view"]
                )

        class ImportItem(MenuItem):
            def is_shown(self, request):
                return mag_importeren(request.user)

        return SubmenuMenuItem(
            label=self.menu_label,
            menu=Menu(
                items=[
                    IndicatorenItem(
                        capfirst(Indicator._meta.verbose_name_plural),
                        reverse(self.get_url_name("index")),
                        name="barometer-indicatoren",
                        icon_name="table",
                        order=1,
                    ),
                    ImportItem(
                        _("Import values"),
                        reverse(self.get_url_name("import")),
                        name="barometer-import",
                        icon_name="upload",
                        order=2,
                    ),
                ]
            ),
            name="barometer",
            icon_name=self.icon,
            order=order if order is not None else self.menu_order,
        )


indicator_viewset = IndicatorViewSet()


@hooks.register("register_admin_viewset")
def registreer_indicatoren():
    return indicator_viewset
