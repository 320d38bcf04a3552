"""The gap report in the Wagtail admin: for the strategy team, moderators and superusers."""

from __future__ import annotations

import csv
import datetime
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from directory.csv_safety import neutralise
from directory.roles import MODERATORS, STRATEGY_TEAM

from . import charts
from .models import UnmatchedWord
from .recording import today, word_hash
from .report import COLUMNS, HIGH_DEMAND_MIN, THIN_SUPPLY, gap_report, rows, unmatched_words


def may_see_gap_report(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=[STRATEGY_TEAM, MODERATORS]).exists()


def may_add_synonyms(user) -> bool:
    return may_see_gap_report(user) and user.has_perm("directory.change_needtheme")


def _period(request) -> tuple[datetime.date, datetime.date, list[str]]:
    """The report's period from ?since=&until= (default: the last twelve months), with messages
    for what had to be ignored."""
    end = today()
    start = (end.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    notes = []
    values = {}
    for name in ("since", "until"):
        raw = (request.GET.get(name) or "").strip()
        if not raw:
            continue
        try:
            values[name] = datetime.date.fromisoformat(raw)
        except ValueError:
            notes.append(f"“{raw[:20]}” is not a date (use YYYY-MM-DD), so it was ignored.")
    start, end = values.get("since", start), values.get("until", end)
    if end < start:
        notes.append("The end date was before the start date, so the last twelve months are shown.")
        end = today()
        start = (end.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
    return start, end, notes


class GapReportView(WagtailAdminTemplateMixin, TemplateView):
    page_title = "Where needs go unmet"
    header_icon = "table"
    template_name = "insights/gap_report.html"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_gap_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.since, self.until, self.notes = _period(request)
        self.report = gap_report(self.since, self.until)
        export = request.GET.get("export")
        if export == "csv":
            return self._csv()
        if export == "xlsx":
            return self._xlsx()
        return super().get(request, *args, **kwargs)

    def _filename(self, extension: str) -> str:
        return f"unmet-need-{self.since.isoformat()}-to-{self.until.isoformat()}.{extension}"

    def _csv(self):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self._filename("csv")}"'
        writer = csv.DictWriter(response, fieldnames=[name for name, _ in COLUMNS])
        writer.writerow(dict(COLUMNS))
        for row in rows(self.report):
            writer.writerow({name: neutralise(value) for name, value in row.items()})
        return response

    def _xlsx(self):
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Unmet need")
        sheet.append([label for _, label in COLUMNS])
        for row in rows(self.report):
            sheet.append([neutralise(row[name]) for name, _ in COLUMNS])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{self._filename("xlsx")}"'
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        query = f"since={self.since.isoformat()}&until={self.until.isoformat()}"
        return {
            **context,
            "report": report,
            "notes": self.notes,
            "heat_map": charts.heat_map(report),
            "small_multiples": charts.small_multiples(report),
            "shades": charts.SHADES,
            "csv_url": f"?{query}&export=csv",
            "xlsx_url": f"?{query}&export=xlsx",
            "high_demand_min": HIGH_DEMAND_MIN,
            "thin_supply": THIN_SUPPLY,
            "may_add_synonyms": may_add_synonyms(self.request.user),
            "themes": report.themes,
            "next_url": self.request.get_full_path(),
        }


@require_POST
def add_synonym(request):
    """One click: a word people search for becomes a synonym of a need theme."""
    from directory.models import NeedTheme

    if not may_add_synonyms(request.user):
        raise PermissionDenied
    word = (request.POST.get("word") or "").strip().lower()
    theme = NeedTheme.objects.filter(slug=request.POST.get("theme") or "").first()
    known = UnmatchedWord.objects.filter(word_hash=word_hash(word), word=word).exists()
    shown = {row[0] for row in unmatched_words(datetime.date.min, today())}
    if theme is None or not known or word not in shown:
        messages.error(request, "Choose a need theme for a word from the unmatched words list.")
    else:
        theme.synonyms.add(word)
        theme.save()
        messages.success(request, f"“{word}” is now a synonym of {theme.name}.")
    return redirect(reverse("rightdoor_insights:gap_report"))
