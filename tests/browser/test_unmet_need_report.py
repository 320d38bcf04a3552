"""The gap report's pictures in a real browser: the heat map and the small multiples (server-drawn
SVG) and their table alternatives pass axe-core (WCAG 2.2 A and AA), as does the report's main area."""

import datetime

from django.contrib.auth.models import Group

import pytest

from directory.roles import STRATEGY_TEAM, setup_roles
from home.site_tree import ensure_site_tree
from insights.recording import flush, record_summary
from search.demand import DemandSummary
from tests.browser.axe import AXE, AXE_TAGS, describe_violations
from tests.browser.test_moderation_flow import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demand(directory, django_user_model, settings):
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    setup_roles(ensure_site_tree())
    from directory.models import NeedTheme

    themes = list(NeedTheme.objects.values_list("slug", flat=True)[:3]) or ["parenting"]
    today = datetime.date.today()
    for offset in range(0, 120, 3):
        for index, theme in enumerate(themes):
            for _ in range(index + 1):
                record_summary(
                    summary=DemandSummary(
                        day=today - datetime.timedelta(days=offset),
                        source="search",
                        themes=(theme,),
                        age_band="5-10",
                        postcode_district="PR1",
                        district="preston",
                        place_given=True,
                        result_band="0" if index == 2 else "3+",
                        backend="database",
                    )
                )
    flush()
    person = django_user_model.objects.create_user("strategy", email="strategy@example.org")
    person.set_password(PASSWORD)
    person.save()
    person.groups.add(Group.objects.get(name=STRATEGY_TEAM))
    return person


def test_the_heat_map_and_small_multiples_pass_axe(tab, demand):
    sign_in(tab, "strategy")
    tab.open("/admin/unmet-need/")
    page = tab.page
    assert page.locator("figure.rd-heat-map svg[role=img]").count() == 1
    assert page.locator(".rd-small-multiples svg[role=img]").count() >= 1
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        """tags => axe.run({include: [['main']]}, {runOnly: {type: 'tag', values: tags}})
            .then(result => result.violations)""",
        AXE_TAGS,
    )
    assert violations == [], describe_violations(violations)
