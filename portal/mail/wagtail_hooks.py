"""Admin report "Mislukte e-mails": outbox rows that gave up after the last attempt, and rows
still waiting after several attempts, for an administrator to see (and to tell the resident by
other means). The body is gone by then; recipient, subject, attempts and last error remain."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import Email, EmailStatus

# Waiting rows with at least this many failed attempts are shown too: something is wrong.
TONEN_VANAF_POGINGEN = 3

email_permission_policy = ModelPermissionPolicy(Email)


class MislukteEmailsView(ReportView):
    page_title = _("Failed e-mails")
    header_icon = "warning"
    index_url_name = "mail_mislukt"
    index_results_url_name = "mail_mislukt_results"
    permission_policy = email_permission_policy
    any_permission_required = ["view"]
    paginate_by = 50
    columns = [
        Column("aan", label=_("recipient")),
        Column("onderwerp", label=_("subject")),
        Column("get_status_display", label=_("status")),
        Column("pogingen", label=_("attempts")),
        Column("laatste_fout", label=_("last error")),
        DateColumn("aangemaakt", label=_("created")),
    ]
    list_export = ["aan", "onderwerp", "status", "pogingen", "laatste_fout", "aangemaakt"]

    def get_queryset(self):
        from django.db.models import Q

        return Email.objects.filter(
            Q(status=EmailStatus.MISLUKT)
            | Q(status=EmailStatus.WACHTEND, pogingen__gte=TONEN_VANAF_POGINGEN)
        ).order_by("-aangemaakt")


@hooks.register("register_admin_urls")
def mail_urls():
    return [
        path("rapporten/mislukte-e-mails/", MislukteEmailsView.as_view(), name="mail_mislukt"),
        path(
            "rapporten/mislukte-e-mails/resultaten/",
            MislukteEmailsView.as_view(results_only=True),
            name="mail_mislukt_results",
        ),
    ]


class _RapportMenuItem(MenuItem):
    def is_shown(self, request):
        return email_permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_reports_menu_item")
def mislukte_emails_menu():
    return _RapportMenuItem(
        _("Failed e-mails"), reverse("mail_mislukt"), icon_name="warning", order=900
    )
