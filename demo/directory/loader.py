"""Load the demo directory (`demo.directory.services`) as live pages. Idempotent.

Pages that already exist (matched by slug) are left as they are, so running it again neither
duplicates anything nor overwrites what someone changed while trying the admin.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from directory import review
from directory.bulk_publishing import indexed_once
from directory.models import (
    AccessibilityFeature,
    AccessRoute,
    DeliveryMode,
    District,
    Language,
    NeedLevel,
    NeedTheme,
    OpeningTime,
    OrganisationMembership,
    OrganisationPage,
    ServiceLocation,
    ServicePage,
)
from directory.roles import MODERATORS, PARTNER_EDITORS, STRATEGY_TEAM, setup_roles
from directory.seeding import seed_default_themes
from home.models import SafeguardingSettings
from home.site_tree import ensure_site_tree
from search.indexing import bulk_changes

from . import services as content

# Share of listings by how long ago they were last checked, so that some are due for review and
# some are far enough overdue to be flagged "may be out of date".
CHECKED_DAYS_AGO_BANDS = [
    (0.65, (0, 150)),
    (0.20, (150, 300)),
    (0.15, (300, 520)),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str


@dataclass(frozen=True)
class LoadReport:
    organisations_created: int
    services_created: int
    themes_created: int
    logins: list[DemoLogin]


def last_checked_for(slug: str, today: datetime.date) -> datetime.date:
    """A deterministic 'last checked' date for a demo listing, spread across the bands above."""
    rng = random.Random(f"last-checked:{slug}")
    roll, cumulative = rng.random(), 0.0
    for share, (low, high) in CHECKED_DAYS_AGO_BANDS:
        cumulative += share
        if roll <= cumulative:
            return today - datetime.timedelta(days=rng.randint(low, high))
    return today


def _paragraphs(paragraphs: list[str] | str) -> str:
    from django.utils.html import escape

    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


def _load_organisations(parent) -> tuple[dict[str, OrganisationPage], int]:
    existing = {page.slug: page for page in OrganisationPage.objects.child_of(parent)}
    created = 0
    for spec in content.ORGANISATIONS:
        if spec["slug"] in existing:
            continue
        page = OrganisationPage(
            title=spec["name"],
            slug=spec["slug"],
            description=_paragraphs(spec["description"]),
            website=spec.get("website", ""),
            email=spec.get("email", ""),
            phone=spec.get("phone", ""),
            address=spec.get("address", ""),
            postcode=spec.get("postcode", ""),
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        existing[page.slug] = page
        created += 1
    return existing, created


@dataclass(frozen=True)
class _Lookups:
    """Vocabulary rows by the keys the demo content uses, fetched once."""

    levels: dict
    delivery_modes: dict
    districts: dict
    languages: dict
    features: dict
    themes: dict

    @classmethod
    def fetch(cls) -> _Lookups:
        return cls(
            levels={level.number: level for level in NeedLevel.objects.all()},
            delivery_modes={mode.slug: mode for mode in DeliveryMode.objects.all()},
            districts={district.slug: district for district in District.objects.all()},
            languages={language.code: language for language in Language.objects.all()},
            features={feature.name: feature for feature in AccessibilityFeature.objects.all()},
            themes={theme.slug: theme for theme in NeedTheme.objects.all()},
        )


def _build_service(
    spec: dict, organisation: OrganisationPage, lookups: _Lookups, today: datetime.date
) -> ServicePage:
    last_checked = last_checked_for(spec["slug"], today)
    service = ServicePage(
        title=spec["name"],
        slug=spec["slug"],
        summary=spec["summary"],
        description=_paragraphs(spec["description"]),
        organisation=organisation,
        kind=spec["kind"],
        eligibility=spec.get("eligibility", ""),
        age_min=spec["age_min"],
        age_max=spec["age_max"],
        cost=spec["cost"],
        cost_detail=spec.get("cost_detail", ""),
        phone=spec.get("phone", ""),
        email=spec.get("email", ""),
        website=spec.get("website", ""),
        always_open=spec.get("always_open", False),
        opening_notes=spec.get("opening_notes", ""),
        served_area=spec["served_area"],
        last_checked=last_checked,
        next_review=review.next_review_date(last_checked, spec["kind"]),
    )
    service.levels = [lookups.levels[number] for number in spec["levels"]]
    service.delivery_modes = [lookups.delivery_modes[slug] for slug in spec["delivery_modes"]]
    service.served_districts = [lookups.districts[slug] for slug in spec.get("served_districts", [])]
    service.languages = [lookups.languages[code] for code in spec.get("languages", [])]
    service.accessibility_features = [lookups.features[name] for name in spec.get("accessibility", [])]
    service.access_routes = [
        AccessRoute(route=route, how_to=how) for route, how in spec["access_routes"].items()
    ]
    service.opening_times = [
        OpeningTime(
            weekday=day, opens=datetime.time.fromisoformat(opens), closes=datetime.time.fromisoformat(closes)
        )
        for day, opens, closes in spec.get("opening_times", [])
    ]
    service.locations = [ServiceLocation(**location) for location in spec.get("locations", [])]
    return service


def _load_services(parent, organisations: dict[str, OrganisationPage], today: datetime.date) -> int:
    existing = set(ServicePage.objects.child_of(parent).values_list("slug", flat=True))
    lookups = _Lookups.fetch()
    created = 0
    for spec in content.SERVICES:
        if spec["slug"] in existing:
            continue
        service = _build_service(spec, organisations[spec["organisation"]], lookups, today)
        service.themes.set([lookups.themes[slug] for slug in spec["themes"]])
        parent.add_child(instance=service)
        service.save_revision().publish()
        created += 1
    return created


def _ensure_demo_logins(organisations: dict[str, OrganisationPage], password: str) -> list[DemoLogin]:
    """Demo accounts: admin, moderator, strategy and one partner editor per organisation.

    Each partner editor is a member of their organisation (OrganisationMembership), which is
    what limits them to its listings (directory.permissions).
    """
    User = get_user_model()
    logins = []

    def ensure(
        username: str, role: str, *, superuser: bool = False, groups: tuple[str, ...] = (), organisation=None
    ) -> None:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@rightdoor.example",
                "is_staff": superuser,
                "is_superuser": superuser,
            },
        )
        if created:
            user.set_password(password)
            user.save()
        for name in groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
        if organisation is not None:
            OrganisationMembership.objects.get_or_create(user=user, organisation=organisation)
        logins.append(DemoLogin(username, role))

    setup_roles(ensure_site_tree())

    ensure("admin", "administrator (superuser)", superuser=True)
    ensure("moderator", "directory moderator", groups=(MODERATORS,))
    ensure("strategy", "strategy team", groups=(STRATEGY_TEAM,))
    for slug, organisation in sorted(organisations.items()):
        ensure(f"partner-{slug}", "partner editor", groups=(PARTNER_EDITORS,), organisation=organisation)
    return logins


@transaction.atomic
def load_demo_directory(*, password: str, today: datetime.date | None = None) -> LoadReport:
    today = today or review.today()
    tree = ensure_site_tree()
    themes_created = seed_default_themes()
    with bulk_changes(), indexed_once():
        organisations, organisations_created = _load_organisations(tree.organisations)
        services_created = _load_services(tree.services, organisations, today)
    SafeguardingSettings.for_site(tree.home.get_site())
    logins = _ensure_demo_logins(organisations, password)
    return LoadReport(organisations_created, services_created, themes_created, logins)
