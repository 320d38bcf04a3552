"""The "Check and map" tab of a pathway in the admin: errors and warnings, a diagram of the flow
drawn on the server, and a table of every path from the first question to an outcome."""

from __future__ import annotations

from django.utils.safestring import mark_safe

from wagtail.admin.panels import Panel


class PathwayCheckPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "guidance/admin/pathway_check_panel.html"

        def get_context_data(self, parent_context=None):
            from .pathways import diagram
            from .pathways.graph import Graph
            from .pathways.paths import enumerate_paths
            from .pathways.validation import full_report

            context = super().get_context_data(parent_context)
            page = self.instance
            graph = Graph.for_page(page)
            report = full_report(graph)
            context.update(
                {
                    "graph": graph,
                    "errors": [(p.where.describe(graph), p.message) for p in report.errors],
                    "warnings": [(p.where.describe(graph), p.message) for p in report.warnings],
                    "paths": enumerate_paths(graph) if graph.start else [],
                    "diagram": mark_safe(  # noqa: S308 - every label is escaped in diagram.render_svg
                        diagram.render_svg(
                            graph,
                            title=f"Diagram of the pathway '{page.title}'",
                            described_by="pathway-paths",
                        )
                    ),
                    "live_url": page.url if page.live and page.pk else "",
                }
            )
            return context
