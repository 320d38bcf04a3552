from django.apps import AppConfig


class InsightsConfig(AppConfig):
    """Where needs go unmet: private demand records and the gap report (issue 18)."""

    name = "insights"
    verbose_name = "Unmet need"

    def ready(self):
        from search.demand import DemandSummary, search_answered

        from .recording import record_summary

        search_answered.connect(record_summary, sender=DemandSummary, dispatch_uid="insights-record-demand")
