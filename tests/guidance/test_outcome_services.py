"""Which services a pathway outcome lists (issue 15): the right door first for what the answers
said, never a team the family cannot contact or one that only mentions the need."""

import re

import pytest

from demo.guidance import blocks as build
from tests.factories import ServicePageFactory

from .factories import PathwayPageFactory, SafeguardingContactFactory

pytestmark = pytest.mark.django_db


def listed(html: str) -> list[str]:
    """The names of the services an outcome page lists, in order."""
    return re.findall(r"<h3 class=\"rd-card__title\"><a [^>]*>([^<]+)</a>", html)


def worries_pathway(outcome: dict, answer_label: str):
    contact = SafeguardingContactFactory(name="Mental health crisis line").pk
    questions = [
        build.single(
            "danger",
            "Is anyone in danger right now?",
            [build.answer("yes", "Yes", "now"), build.answer("no", "No", "worries")],
            danger=True,
        ),
        build.multiple(
            "worries",
            "What worries you?",
            [build.answer("worry", answer_label, outcome["value"]["id"])],
            none_next=outcome["value"]["id"],
        ),
    ]
    emergency = build.outcome(
        "now", "Call 999", build.rich("Call 999."), urgency="emergency", themes=["mental-health"]
    )
    emergency["value"]["escalation_contact"] = contact
    outcome["value"]["escalation_contact"] = contact
    return PathwayPageFactory(
        title="Worries", slug="worries", questions=questions, outcomes=[emergency, outcome]
    )


@pytest.fixture
def mental_health_services(site_tree):
    ServicePageFactory(
        title="Attendance and Inclusion Team",
        summary="Help for children missing school, including worries and low mood.",
        themes=["school-attendance", "mental-health"],
        levels=[2, 3],
    )
    ServicePageFactory(title="Youth counselling", themes=["mental-health"], levels=[2])
    ServicePageFactory(
        title="CAMHS",
        themes=["mental-health"],
        levels=[3],
        access_routes={"professional_referral": "Your GP refers you."},
    )
    ServicePageFactory(
        title="Young people's crisis line",
        themes=["mental-health"],
        levels=[3, 4],
        always_open=True,
        served_area="county",
        delivery_modes=["phone"],
        locations=[],
    )


def test_a_self_harm_outcome_is_same_day_help_from_a_crisis_line_never_an_attendance_team(
    client, mental_health_services
):
    worries_pathway(
        build.outcome(
            "self-harm",
            "Get urgent help for your child today",
            build.rich("When a child hurts themselves, they need help today."),
            level=4,
            urgency="same-day",
            themes=["mental-health"],
        ),
        "They hurt themselves or talk about not wanting to live",
    )
    # The step name in the address is an old link: it redirects to the neutral step-<n> address.
    html = client.get("/pathways/worries/self-harm/?danger=no&worries=worry", follow=True).content.decode()
    assert "Get help today" in html and "today or tomorrow" not in html
    assert "Likely level 4" in html
    names = listed(html)
    assert names[0] == "Young people&#x27;s crisis line"
    assert "Attendance and Inclusion Team" not in names
    assert "CAMHS" not in names  # a family cannot refer itself
    assert "crisis=1" in html  # "See all" keeps the crisis ordering


def test_a_domestic_abuse_outcome_leads_with_the_helpline_not_statutory_social_work(client, site_tree):
    for district in ("Burnley", "Chorley", "Fylde"):
        ServicePageFactory(
            title=f"Children's Social Work Team – {district}",
            themes=["parenting", "domestic-abuse"],
            levels=[3, 4],
            access_routes={"statutory_referral": "Through the front door only."},
        )
    ServicePageFactory(title="Abuse recovery course", themes=["domestic-abuse"], levels=[2, 3])
    ServicePageFactory(
        title="National Domestic Abuse Helpline",
        themes=["domestic-abuse"],
        levels=[2, 3, 4],
        always_open=True,
        served_area="national",
        delivery_modes=["phone"],
        locations=[],
    )
    worries_pathway(
        build.outcome(
            "abuse",
            "Help if someone hurts, scares or controls you",
            build.rich("It is not your fault."),
            level=3,
            urgency="urgent",
            themes=["domestic-abuse"],
        ),
        "Someone at home hurts, scares or controls me",
    )
    names = listed(
        client.get("/pathways/worries/abuse/?danger=no&worries=worry", follow=True).content.decode()
    )
    assert names == ["National Domestic Abuse Helpline", "Abuse recovery course"]
