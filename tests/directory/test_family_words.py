"""Families see plain English; the professional terms stay beside it and behind "More filters"."""

import pytest

from directory.age_cues import age_range_warning, youngest_age_in_words
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("Adults and young people aged 16 and over", 16),
        ("For parents over 18", 18),
        ("Drop-in for 18+", 18),
        ("Baby group for parents and carers", None),
        ("Children aged 5 to 11", None),
    ],
)
def test_the_youngest_age_the_words_imply(text, age):
    implied = youngest_age_in_words(text)
    assert (implied[0] if implied else None) == age


def test_a_warning_only_when_the_range_starts_well_below_the_words():
    assert age_range_warning(-1, "aged 16 and over").startswith("The description says")
    assert age_range_warning(16, "aged 16 and over") == ""
    assert age_range_warning(0, "Songs for babies") == ""


def test_the_service_page_explains_level_kind_and_access_route_in_plain_english(client, site_tree):
    service = ServicePageFactory(
        title="Family Safeguarding Team",
        kind="specialist",
        levels=[4],
        access_routes={"statutory_referral": "Your social worker arranges this."},
    )
    html = client.get(service.url).content.decode()
    assert "For children who need protecting or looking after, through children&#x27;s social care" in html
    assert "(level 4 of 4: acute or specialist)" in html
    assert "For complex needs, usually after a referral" in html
    assert "A social worker needs to refer you (through children&#x27;s social care)" in html
    assert "Level 4: Acute or specialist" not in html


def test_professional_filters_sit_behind_more_filters(client, site_tree):
    ServicePageFactory(title="Family Safeguarding Team", kind="specialist", levels=[4])
    html = client.get("/search/", {"q": "family"}).content.decode()
    panel = html.split("More filters (for professionals)", 1)
    assert len(panel) == 2, "a More filters panel"
    assert 'name="level"' not in panel[0] and 'name="level"' in panel[1]
    assert 'name="kind"' not in panel[0] and 'name="kind"' in panel[1]
    assert 'name="radius"' in panel[0] or 'name="age"' in panel[0]
