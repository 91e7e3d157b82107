"""The editors' typo queue in the Wagtail admin: a generic listing and a report page with actions."""

import django_filters
from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from masthead.articles.models import Rubric
from masthead.typos.forms import CorrectionForm, ResolveForm
from masthead.typos.models import TypoReport
from masthead.typos.permissions import can_publish_corrections, can_review_reports, report_permission_policy
from masthead.typos.services import correction_publish, typo_report_resolve


def forbidden() -> HttpResponseForbidden:
    # A plain 403 rather than Wagtail's redirect home (it catches PermissionDenied):
    # a direct URL must not look as if it half worked.
    return HttpResponseForbidden(_("You do not have permission to review typo reports."))


class ReportFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TypoReport.Status.choices, empty_label=_("All"))
    rubric = django_filters.ModelChoiceFilter(
        label=_("Rubric"),
        queryset=Rubric.objects.all(),
        field_name="article__article_rubrics__rubric",
        distinct=True,
    )
    located = django_filters.BooleanFilter(label=_("Found in the article"))

    class Meta:
        model = TypoReport
        fields = ["status", "rubric", "located"]

    def __init__(self, data=None, *args, **kwargs):
        # The queue opens on what needs work; "All" is an explicit choice (status=).
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = TypoReport.Status.OPEN
        super().__init__(data, *args, **kwargs)


class FragmentColumn(TitleColumn):
    """The fragment highlighted inside its sentence, linking to the report."""

    cell_template_name = "typos/admin/fragment_cell.html"


class ReportIndexView(IndexView):
    model = TypoReport
    permission_policy = report_permission_policy
    any_permission_required = ["review"]
    filterset_class = ReportFilterSet
    page_title = _("Typo reports")
    header_icon = "warning"
    paginate_by = 30
    default_ordering = "-last_reported_at"
    columns = [
        FragmentColumn("fragment", label=_("Fragment in context"), url_name="typos_admin:detail"),
        TitleColumn(
            "article",
            label=_("Article"),
            accessor="article.title",
            get_url=lambda report: report.get_editor_url(),
        ),
        NumberColumn("count", label=pgettext_lazy("typos", "Reports")),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("last_reported_at", label=_("Last reported"), sort_key="last_reported_at"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not can_review_reports(request.user):
            return forbidden()
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return TypoReport.objects.for_queue()


class ReportDetailView(WagtailAdminTemplateMixin, TemplateView):
    """One report, with the actions: fixed, not an error, reopen, publish a correction."""

    template_name = "typos/admin/report_detail.html"
    header_icon = "warning"

    def dispatch(self, request, pk):
        if not can_review_reports(request.user):
            return forbidden()
        self.report = get_object_or_404(TypoReport.objects.for_queue(), pk=pk)
        self.correction_form = CorrectionForm()
        return super().dispatch(request, pk)

    def get_page_title(self):
        return _("Typo report")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("typos_admin:index"), "label": _("Typo reports")},
            {"url": "", "label": _("Typo report")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report,
            correction_form=self.correction_form,
            can_publish_corrections=can_publish_corrections(self.request.user),
            statuses=TypoReport.Status,
        )
        return context

    def post(self, request, pk):
        if "publish_correction" in request.POST:
            if not can_publish_corrections(request.user):
                return forbidden()
            self.correction_form = CorrectionForm(request.POST)
            if not self.correction_form.is_valid():
                return self.get(request, pk)
            correction_publish(
                article=self.report.article,
                text=self.correction_form.cleaned_data["text"],
                user=request.user,
                report=self.report,
            )
            messages.success(request, _("The correction is published on the article and in the corrections log."))
            return redirect("typos_admin:index")
        form = ResolveForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Unknown action."))
            return redirect("typos_admin:detail", pk)
        typo_report_resolve(report=self.report, status=form.cleaned_data["status"], user=request.user)
        messages.success(request, _("Report marked “%(status)s”.") % {"status": self.report.get_status_display()})
        return redirect("typos_admin:index")
