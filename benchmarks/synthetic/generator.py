"""Deterministic specs of a synthetic directory: N services and their organisations, venues,
ages, themes, access routes, opening times and review dates, drawn from `random.Random(seed)`
and the area's real outward codes (weighted by population). No database access: the specs are
written by `benchmarks.synthetic.writer`. Dates are relative to `today`, so the share of
out-of-date listings is the same every day.
"""

from __future__ import annotations

import csv
import datetime
import math
import random
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .words import (
    ELIGIBILITY,
    EVENING_SESSION_STARTS,
    EXTRA_SENTENCES,
    INWARD_LETTERS,
    OPENING_STARTS,
    ORGANISATION_PREFIXES,
    ORGANISATION_SUFFIXES,
    OTHER_LANGUAGES,
    SAINTS,
    SERVICE_TYPES,
    STREETS,
    VENUES,
)

SEED = 20240917

# --------------------------------------------------------------------------- geography


@dataclass(frozen=True)
class OutwardArea:
    code: str
    latitude: float
    longitude: float
    district: str
    post_town: str
    areas: tuple[str, ...]
    weight: int


def lancashire_areas() -> list[OutwardArea]:
    """Lancashire's outward codes with their centroids, weighted by population."""
    from directory import geo

    districts = geo._district_by_outward_code(geo.areas.current())  # the configured area's outward codes
    areas = []
    with geo.OUTWARD_CODES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["Postcode"].strip().upper()
            if code not in districts or not row["Latitude"]:
                continue
            weight = int(row["Population"] or 0) or int(row["Active postcodes"] or 0)
            if not weight:
                continue
            names = tuple(name.strip(" .") for name in row["Town/Area"].split(",") if name.strip(" ."))
            post_town = (row["Post Town"].split(",")[0].strip() or names[0]) if names else code
            areas.append(
                OutwardArea(
                    code,
                    float(row["Latitude"]),
                    float(row["Longitude"]),
                    districts[code],
                    post_town,
                    names,
                    weight,
                )
            )
    areas.sort(key=lambda area: area.code)
    return areas


def jitter(rng: random.Random, latitude: float, longitude: float, sigma_km: float = 1.8, cap_km: float = 4.5):
    """A point a few km from (latitude, longitude), normally distributed and capped."""
    distance = min(abs(rng.gauss(0, sigma_km)), cap_km)
    bearing = rng.uniform(0, 2 * math.pi)
    north, east = distance * math.cos(bearing), distance * math.sin(bearing)
    return (
        round(latitude + north / 111.2, 6),
        round(longitude + east / (111.32 * math.cos(math.radians(latitude))), 6),
    )


# --------------------------------------------------------------------------- the synthetic directory


@dataclass
class LocationSpec:
    name: str
    address: str
    town: str
    postcode: str
    latitude: float
    longitude: float
    district: str


@dataclass
class OrganisationSpec:
    title: str
    slug: str
    district: str
    postcode: str
    translation_key: uuid.UUID


@dataclass
class ServiceSpec:
    title: str
    slug: str
    summary: str
    description: str
    organisation: int  # index into the organisations
    kind: str
    eligibility: str
    age_min: int
    age_max: int
    cost: str
    served_area: str
    always_open: bool
    last_checked: datetime.date
    themes: tuple[str, ...]
    levels: tuple[int, ...]
    access: tuple[str, ...]
    modes: tuple[str, ...]
    languages: tuple[str, ...]
    served_districts: tuple[str, ...]
    locations: list[LocationSpec]
    opening: list[tuple[int, datetime.time, datetime.time]]
    translation_key: uuid.UUID
    phone: str = ""
    email: str = ""
    website: str = ""
    cost_detail: str = ""
    opening_notes: str = ""
    next_review: datetime.date | None = None


def _slugify_unique(title: str, seen: Counter) -> str:
    from django.utils.text import slugify

    base = slugify(title)[:70] or "service"
    seen[base] += 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _ages_text(age_min: int, age_max: int) -> str:
    start = "pregnancy" if age_min < 0 else str(age_min)
    return f"{start} to {age_max}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


class DirectoryGenerator:
    """Deterministic specs for N services (and their organisations), with no database access."""

    def __init__(self, services: int, seed: int = SEED, today: datetime.date | None = None):
        from directory import geo, review

        self.count = services
        self.rng = random.Random(seed)
        self.today = today or datetime.date.today()
        self.review = review
        self.areas = lancashire_areas()
        self.weights = [area.weight for area in self.areas]
        self.by_district: dict[str, list[OutwardArea]] = {}
        for area in self.areas:
            self.by_district.setdefault(area.district, []).append(area)
        self.district_names = geo.district_names()
        self.type_weights = [service_type.weight for service_type in SERVICE_TYPES]
        self.slugs: Counter = Counter()

    def _area(self, district: str | None = None) -> OutwardArea:
        if district is None:
            return self.rng.choices(self.areas, self.weights)[0]
        pool = self.by_district[district]
        return self.rng.choices(pool, [area.weight for area in pool])[0]

    def _postcode(self, area: OutwardArea) -> str:
        rng = self.rng
        return f"{area.code} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"

    def _uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def _location(self, area: OutwardArea) -> LocationSpec:
        rng = self.rng
        place = rng.choice(area.areas) if area.areas else area.post_town
        venue = rng.choice(VENUES).format(area=place, saint=rng.choice(SAINTS))
        latitude, longitude = jitter(rng, area.latitude, area.longitude)
        return LocationSpec(
            name=venue[:120],
            address=f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
            town=area.post_town[:60],
            postcode=self._postcode(area),
            latitude=latitude,
            longitude=longitude,
            district=area.district,
        )

    def _opening(self) -> list[tuple[int, datetime.time, datetime.time]]:
        """A few weekly sessions, mostly on weekdays, a few in the evening."""
        rng = self.rng
        opening = []
        for drawn in sorted(rng.sample(range(7), rng.choices((1, 2, 3, 5), (40, 30, 20, 10))[0])):
            weekday = drawn - 2 if drawn >= 5 and rng.random() < 0.6 else drawn
            start = rng.choice(EVENING_SESSION_STARTS if rng.random() < 0.15 else OPENING_STARTS)
            end = (
                datetime.datetime.combine(self.today, start) + datetime.timedelta(hours=rng.choice((2, 3, 4)))
            ).time()
            opening.append((weekday, start, end))
        return sorted(set(opening))

    def organisations(self) -> list[OrganisationSpec]:
        rng = self.rng
        result = []
        for _ in range(max(1, self.count // 25)):
            area = self._area()
            prefix = rng.choice((*ORGANISATION_PREFIXES, area.post_town, self.district_names[area.district]))
            place = rng.choice(area.areas) if area.areas and rng.random() < 0.5 else ""
            title = f"{prefix} {rng.choice(ORGANISATION_SUFFIXES)}" + (f" ({place})" if place else "")
            result.append(
                OrganisationSpec(
                    title,
                    _slugify_unique(title, self.slugs),
                    area.district,
                    self._postcode(area),
                    self._uuid(),
                )
            )
        self.slugs = Counter()  # service slugs are unique among the services only
        return result

    def services(self, organisations: Sequence[OrganisationSpec]) -> Iterator[ServiceSpec]:
        rng = self.rng
        by_district: dict[str, list[int]] = {}
        for index, organisation in enumerate(organisations):
            by_district.setdefault(organisation.district, []).append(index)
        for _ in range(self.count):
            service_type = rng.choices(SERVICE_TYPES, self.type_weights)[0]
            phrase = rng.choice(service_type.phrases)
            roll = rng.random()
            served_area = "national" if roll < 0.03 else ("county" if roll < 0.15 else "districts")
            home = self._area()
            town = home.post_town

            # Venues: most local services have one, some two or three; county-wide ones a few or
            # none (outreach); national ones are mostly helplines and online services.
            if served_area == "national":
                venues = [] if rng.random() < 0.9 else [self._location(home)]
            elif served_area == "county":
                venues = [self._location(self._area()) for _ in range(rng.choice((0, 1, 1, 2, 3)))]
            else:
                count = rng.choices((1, 2, 3), (75, 20, 5))[0]
                venues = [self._location(home)] + [
                    self._location(self._area(home.district)) for _ in range(count - 1)
                ]

            organisation = (
                rng.choice(by_district[home.district])
                if home.district in by_district and rng.random() < 0.7
                else rng.randrange(len(organisations))
            )
            age_min, age_max = rng.choice(service_type.ages)
            if rng.random() < 0.3 and age_max - age_min > 3:
                age_min += rng.randint(0, 2)
                age_max -= rng.randint(0, 2)
            ages = _ages_text(age_min, age_max)

            if served_area == "national":
                title = rng.choice(("National {p} helpline", "{P} line", "{P} online")).format(
                    p=phrase, P=_cap(phrase)
                )
            else:
                pattern = rng.choice(
                    ("{town} {p}", "{P} at {venue}", "{org} {p}", "{P} ({town})", "{P}", "{town} {p}")
                )
                venue = venues[0].name if venues else f"{town} Family Hub"
                org_title = organisations[organisation].title.split(" (")[0]
                title = pattern.format(town=town, p=phrase, P=_cap(phrase), venue=venue, org=org_title)
            title = title[:250]
            summary = service_type.summary.format(phrase=phrase, Phrase=_cap(phrase), ages=ages, town=town)[
                :200
            ]
            description = (
                f"<p>{service_type.detail} {' '.join(rng.sample(EXTRA_SENTENCES, 2))}</p>"
                + f"<p>Run by {organisations[organisation].title}.</p>"
            )
            eligibility = rng.choice(ELIGIBILITY).format(
                district=self.district_names[home.district], ages=ages
            )

            themes = [service_type.themes[0]] + [
                theme for theme in service_type.themes[1:] if rng.random() < 0.4
            ]
            kind = rng.choices(list(service_type.kinds), list(service_type.kinds.values()))[0]
            access = sorted(
                set(rng.sample(service_type.access, rng.randint(1, min(2, len(service_type.access)))))
            )
            if served_area == "national":
                modes = sorted(set(rng.sample(("phone", "online"), rng.randint(1, 2))))
            else:
                modes = sorted(
                    set(rng.sample(service_type.modes, rng.randint(1, min(2, len(service_type.modes)))))
                )
                if venues and "in-person" in service_type.modes and "in-person" not in modes:
                    modes = sorted({*modes, "in-person"})
            language_roll = rng.random()
            languages = (
                ()
                if language_roll < 0.15
                else ("en",)
                if language_roll < 0.75
                else ("en", *rng.sample(OTHER_LANGUAGES, rng.randint(1, 2)))
            )
            served_districts: tuple[str, ...] = ()
            if served_area == "districts":
                names = {venue.district for venue in venues}
                if rng.random() < 0.2:
                    names.add(rng.choice(sorted(self.district_names)))
                served_districts = tuple(sorted(names))

            always_open = served_area == "national" and rng.random() < 0.3
            opening = [] if always_open else self._opening()
            last_checked = self.today - datetime.timedelta(days=int(rng.triangular(0, 540, 60)))
            cost = "free" if rng.random() < service_type.free else rng.choice(("paid", "varies"))
            yield ServiceSpec(
                title=title,
                slug=_slugify_unique(title, self.slugs),
                summary=summary,
                description=description,
                organisation=organisation,
                kind=kind,
                eligibility=eligibility,
                age_min=age_min,
                age_max=age_max,
                cost=cost,
                cost_detail="" if cost == "free" else "£2 a session, free for families on benefits.",
                served_area=served_area,
                always_open=always_open,
                last_checked=last_checked,
                next_review=self.review.next_review_date(last_checked, kind),
                themes=tuple(themes),
                levels=tuple(rng.choice(service_type.levels)),
                access=tuple(access),
                modes=tuple(modes),
                languages=languages,
                served_districts=served_districts,
                locations=venues,
                opening=opening,
                translation_key=self._uuid(),
                phone=f"01772 {rng.randint(100000, 999999)}",
                email="hello@service.example.org.uk",
                website="https://service.example.org.uk",
                opening_notes=rng.choice(("", "", "Term time only.", "Closed on bank holidays.")),
            )
