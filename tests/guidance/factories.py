"""Factories and small graph builders for guidance and pathway tests.

pathway = PathwayPageFactory()  # a tiny valid pathway: danger → age → outcome
pathway = PathwayPageFactory(questions=[...], outcomes=[...])  # raw StreamField data, see `simple_flow`
"""

from __future__ import annotations

import datetime

from django.utils.text import slugify

import factory
import wagtail_factories

from demo.guidance import blocks as build
from guidance.models import GuidancePage, PathwayPage, SafeguardingContact
from guidance.pathways.graph import Graph
from home.site_tree import ensure_site_tree


class SafeguardingContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingContact
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Safeguarding contact {n}")
    description = "Call if you are worried a child is being harmed."
    phone = "0300 123 6720"


class GuidancePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidancePage

    title = factory.Sequence(lambda n: f"Guidance {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    summary = "Plain-English guidance."
    audience = "families"
    body = factory.LazyFunction(
        lambda: [build.text("Some guidance."), build.warning("If a child is in danger, call 999.")]
    )
    last_reviewed = factory.LazyFunction(datetime.date.today)
    parent = factory.LazyFunction(lambda: ensure_site_tree().guidance)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)


def simple_flow(contact_pk: int | None = None, *, themes=("parenting",)) -> tuple[list, list]:
    """danger (single) → age (bands) → worries (multiple) → outcomes. Valid when given a contact."""
    questions = [
        build.single(
            "danger",
            "Is anyone in danger now?",
            [build.answer("yes", "Yes", "emergency"), build.answer("no", "No", "age")],
            danger=True,
        ),
        build.age(
            "age", "How old is your child?", [("Under 5", -1, 4, "worries"), ("5 and over", 5, 25, "worries")]
        ),
        build.multiple(
            "worries",
            "What worries you?",
            [build.answer("sleep", "Sleep", "sleep-help"), build.answer("school", "School", "school-help")],
            none_next="other-help",
        ),
    ]
    outcomes = [
        build.outcome(
            "emergency", "Call 999 now", build.rich("Call 999."), urgency="emergency", themes=list(themes)
        ),
        build.outcome(
            "sleep-help", "Help with sleep", build.rich("Sleep advice."), level=1, themes=list(themes)
        ),
        build.outcome(
            "school-help", "Help with school", build.rich("School advice."), level=2, themes=list(themes)
        ),
        build.outcome("other-help", "Other help", build.rich("Other advice."), level=1, themes=list(themes)),
    ]
    for block in outcomes:
        block["value"]["escalation_contact"] = contact_pk
    return questions, outcomes


def graph_of(
    questions: list, outcomes: list, *, safeguarding_relevant: bool = False, audience: str = ""
) -> Graph:
    """The same raw data as a graph, for tests that need no database (contacts count as present
    when the value is truthy)."""
    return Graph.from_data(
        [(block["type"], block["value"]) for block in questions],
        [block["value"] for block in outcomes],
        safeguarding_relevant=safeguarding_relevant,
        audience=audience,
    )


class PathwayPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = PathwayPage

    title = factory.Sequence(lambda n: f"Pathway {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    intro = "Answer a few questions."
    audience = "families"
    sensitive = False
    safeguarding_relevant = True
    parent = factory.LazyFunction(lambda: ensure_site_tree().pathways)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        if "questions" not in kwargs or "outcomes" not in kwargs:
            questions, outcomes = simple_flow(SafeguardingContactFactory().pk)
            kwargs.setdefault("questions", questions)
            kwargs.setdefault("outcomes", outcomes)
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        return model_class.objects.get(pk=page.pk)
