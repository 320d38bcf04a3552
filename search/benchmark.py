"""The search benchmark: a synthetic Lancashire directory of N services, and how fast it answers.

`manage.py bench_search` (see `search/management/commands/bench_search.py`) runs this module in
two child processes pointed at a scratch SQLite file, never at the developer's database:

1. `build_directory` creates the site tree and vocabulary, then writes N live `ServicePage`s in
   bulk (treebeard paths computed here, not `add_child` one by one), their venues, access routes,
   themes, levels, modes, languages, served districts and opening times, indexes the pages in
   Wagtail's own search index (for the naive baseline) and loads the search documents with
   `DatabaseBackend.bulk_load`. Everything is drawn from `random.Random(seed)`; dates are relative
   to the day it runs, so the share of out-of-date listings is the same every day.
2. `measure` times representative searches through the real `search.service.run_search`
   (vocabulary, `SearchQuery.from_params`, analysis, backend, facets and the page's result
   objects: what the view does below rendering), and the same searches done the naive way
   (`naive_search`): Wagtail's page search, then distances, filters and facets in Python.
"""

from __future__ import annotations

import csv
import datetime
import gc
import json
import math
import os
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

SEED = 20240917
SCRATCH_DB_NAME = "bench.sqlite3"
BUILD_STATS_NAME = "build.json"

# From the issue: p95 at most this many ms on SQLite, and this much faster than the naive search.
TARGET_P95_MS = {10_000: 50.0, 100_000: 150.0}
TARGET_SPEEDUP_AT = 100_000
TARGET_SPEEDUP = 10.0

# --------------------------------------------------------------------------- the searches

# Where families search from: outward codes, towns and full postcodes across the twelve districts.
PLACES = (
    "PR1",
    "Burnley",
    "LA1",
    "PR7 1DP",
    "FY8",
    "Accrington",
    "BB9",
    "Clitheroe",
    "BB4",
    "Leyland",
    "L39",
    "FY5",
    "PR1 2HE",
    "Lancaster",
    "Chorley",
    "BB11 1JG",
    "Garstang",
    "Skelmersdale",
    "Morecambe",
    "PR2",
)
TEXTS = (
    "counselling",
    "parenting course",
    "food bank",
    "stay and play",
    "youth club",
    "domestic abuse support",
    "speech and language",
    "debt advice",
    "young carers",
    "autism support",
    "breastfeeding",
    "anxiety",
)
FILTER_SETS = (
    {"kind": ["universal"], "level": ["1"], "access": ["self_referral"], "free": ["1"]},
    {"kind": ["targeted", "commissioned"], "level": ["2"], "access": ["self_referral"]},
    {
        "kind": ["universal", "targeted"],
        "level": ["1", "2"],
        "access": ["professional_referral"],
        "free": ["1"],
    },
    {"kind": ["universal"], "access": ["self_referral"], "free": ["1"]},
)
AGE_THEMES = (
    ("4", "early-years"),
    ("9", "parenting"),
    ("14", "mental-health"),
    ("pregnancy", "pregnancy-and-baby"),
    ("16", "activities"),
    ("7", "send"),
    ("12", "bullying"),
    ("2", "money-work-housing"),
)
QUERY_NAMES = ("text", "location_radius", "text_location_filters_facets", "age_theme_location")


def scenarios() -> dict[str, list[dict[str, list[str]]]]:
    """Each benchmarked search as a rotation of GET parameters (dicts of lists, like a QueryDict)."""
    return {
        "text": [{"q": [text]} for text in TEXTS],
        "location_radius": [{"near": [place], "radius": ["5"]} for place in PLACES],
        "text_location_filters_facets": [
            {"q": [TEXTS[i % len(TEXTS)]], "near": [PLACES[(i * 7) % len(PLACES)]], "radius": ["5"]}
            | FILTER_SETS[i % len(FILTER_SETS)]
            for i in range(24)
        ],
        "age_theme_location": [
            {"age": [age], "theme": [theme], "near": [PLACES[(i * 3) % len(PLACES)]]}
            for i, (age, theme) in enumerate(AGE_THEMES * 3)
        ],
    }


# --------------------------------------------------------------------------- the word bank


@dataclass(frozen=True)
class ServiceType:
    """One kind of family service, with what is typical of it."""

    phrases: tuple[str, ...]
    themes: tuple[str, ...]  # the first always, each other one sometimes
    ages: tuple[tuple[int, int], ...]
    kinds: Mapping[str, int]
    levels: tuple[tuple[int, ...], ...]
    access: tuple[str, ...]
    modes: tuple[str, ...]
    summary: str
    detail: str
    weight: int
    free: float = 0.75


SERVICE_TYPES = (
    ServiceType(
        ("stay and play", "baby and toddler group", "messy play", "stay and play session"),
        ("early-years", "parenting"),
        ((0, 4), (0, 5), (-1, 4)),
        {"universal": 9, "targeted": 1},
        ((1,), (1, 2)),
        ("self_referral",),
        ("in-person",),
        "A friendly {phrase} for parents and carers with children aged {ages} in {town}: songs, stories and play.",
        "Come along with your little one, meet other families and talk to our early years workers.",
        8,
    ),
    ServiceType(
        ("parenting course", "parenting programme", "positive parenting workshop", "parenting group"),
        ("parenting", "family-relationships"),
        ((0, 18), (2, 11), (11, 18), (0, 5)),
        {"universal": 5, "targeted": 4, "commissioned": 1},
        ((1,), (1, 2), (2,)),
        ("self_referral", "professional_referral", "early_help_assessment"),
        ("in-person", "online"),
        "A {phrase} for parents of children aged {ages}: routines, boundaries and staying calm when things get hard.",
        "Each week covers one topic, with ideas to try at home and time to talk with other parents.",
        7,
    ),
    ServiceType(
        ("counselling", "counselling for young people", "talking therapy", "one to one counselling"),
        ("mental-health",),
        ((11, 25), (5, 18), (13, 25)),
        {"targeted": 5, "commissioned": 3, "specialist": 1},
        ((2,), (2, 3)),
        ("self_referral", "professional_referral"),
        ("in-person", "online", "phone"),
        "Free, confidential {phrase} for children and young people aged {ages} who feel anxious, low or stressed.",
        "A trained counsellor will listen and help you find ways to cope with anxiety, low mood or worries.",
        6,
        free=0.9,
    ),
    ServiceType(
        ("domestic abuse support", "domestic abuse outreach", "support for survivors", "refuge and outreach"),
        ("domestic-abuse", "family-relationships"),
        ((-1, 25), (0, 18), (16, 25)),
        {"targeted": 4, "specialist": 3, "commissioned": 3},
        ((2, 3), (3, 4), (2,)),
        ("self_referral", "professional_referral", "statutory_referral"),
        ("in-person", "phone", "home-visits"),
        "{Phrase} for women, men and children in {town} who are hurt, scared or controlled by someone at home.",
        "Our workers meet you somewhere safe, help you plan and stay with you through court and housing.",
        5,
        free=1.0,
    ),
    ServiceType(
        ("food bank", "community pantry", "holiday food and fun", "community fridge"),
        ("money-work-housing", "activities"),
        ((-1, 25),),
        {"universal": 8, "commissioned": 2},
        ((1,), (1, 2)),
        ("self_referral", "professional_referral"),
        ("in-person",),
        "A {phrase} in {town} for families who are struggling to afford food, with advice on money and benefits.",
        "Bring a food voucher if you have one; if not, come anyway and we will help you get one.",
        5,
        free=0.95,
    ),
    ServiceType(
        ("youth club", "youth group", "detached youth work", "junior youth club"),
        ("activities", "youth-crime"),
        ((11, 19), (8, 19), (13, 25), (8, 13)),
        {"universal": 9, "targeted": 1},
        ((1,),),
        ("self_referral",),
        ("in-person",),
        "A {phrase} for young people aged {ages} in {town}: games, sport, music and somewhere safe to be.",
        "Youth workers run activities and are there to talk if something is worrying you.",
        7,
        free=0.8,
    ),
    ServiceType(
        ("young carers group", "young carers support", "young carers project"),
        ("young-carers",),
        ((8, 18), (5, 18), (11, 25)),
        {"targeted": 8, "commissioned": 2},
        ((2,),),
        ("self_referral", "professional_referral"),
        ("in-person", "online"),
        "{Phrase} for young carers aged {ages} who look after someone at home: breaks, trips and someone to talk to.",
        "We can also help your school understand what caring at home means for you.",
        2,
        free=1.0,
    ),
    ServiceType(
        ("bereavement support", "bereavement counselling", "grief support group"),
        ("bereavement", "mental-health"),
        ((4, 18), (0, 25), (11, 25)),
        {"targeted": 6, "commissioned": 2, "specialist": 2},
        ((2,), (2, 3)),
        ("self_referral", "professional_referral"),
        ("in-person", "phone", "online"),
        "{Phrase} for children, young people and families after someone close has died.",
        "Sessions help children understand grief and remember the person who died.",
        2,
        free=0.9,
    ),
    ServiceType(
        (
            "speech and language drop-in",
            "talking tots",
            "early language group",
            "speech and language support",
        ),
        ("early-years", "send"),
        ((0, 5), (1, 4)),
        {"universal": 6, "targeted": 4},
        ((1,), (1, 2)),
        ("self_referral", "professional_referral"),
        ("in-person", "home-visits"),
        "{Phrase} for parents worried about how their child aged {ages} is talking, listening or understanding.",
        "A speech and language practitioner gives ideas for play and talk at home.",
        3,
        free=1.0,
    ),
    ServiceType(
        (
            "SEND information and advice",
            "SEND parent support",
            "short breaks for disabled children",
            "autism support group",
        ),
        ("send",),
        ((0, 25), (5, 18), (2, 16)),
        {"targeted": 5, "specialist": 4, "commissioned": 1},
        ((2,), (2, 3), (3,)),
        ("self_referral", "professional_referral", "early_help_assessment"),
        ("in-person", "phone", "online"),
        "{Phrase} for families of children and young people aged {ages} with special educational needs, autism or a disability.",
        "We explain EHC plans, school support and short breaks, and can come to meetings with you.",
        4,
        free=0.85,
    ),
    ServiceType(
        (
            "antenatal class",
            "breastfeeding support",
            "baby feeding group",
            "new parents group",
            "baby massage",
        ),
        ("pregnancy-and-baby", "early-years"),
        ((-1, 0), (-1, 1), (0, 1)),
        {"universal": 9, "targeted": 1},
        ((1,),),
        ("self_referral", "professional_referral"),
        ("in-person", "home-visits"),
        "{Phrase} in {town} for parents-to-be and new parents: feeding, sleep and caring for your baby.",
        "Midwives and health visitors run the sessions; partners and grandparents are welcome.",
        4,
        free=0.9,
    ),
    ServiceType(
        (
            "school attendance support",
            "emotionally based school avoidance support",
            "attendance and engagement",
        ),
        ("school-attendance",),
        ((5, 16), (11, 16)),
        {"targeted": 8, "specialist": 2},
        ((2,), (2, 3)),
        ("professional_referral", "early_help_assessment"),
        ("in-person", "home-visits"),
        "{Phrase} for children aged {ages} who are finding it hard to go to school, and for their parents.",
        "A key worker works with you, your child and the school on a plan to get back into learning.",
        2,
        free=1.0,
    ),
    ServiceType(
        (
            "drug and alcohol service for young people",
            "substance misuse support",
            "family alcohol support",
            "recovery group",
        ),
        ("alcohol-and-drugs",),
        ((11, 25), (-1, 25), (13, 19)),
        {"targeted": 4, "specialist": 3, "commissioned": 3},
        ((2,), (2, 3), (3,)),
        ("self_referral", "professional_referral"),
        ("in-person", "phone"),
        "{Phrase}: confidential help with drinking, drugs or cannabis use, your own or someone else's in your family.",
        "No judgement: we work at your pace and can see you at home, at school or in the community.",
        3,
        free=1.0,
    ),
    ServiceType(
        ("family mediation", "relationship support", "co-parenting support", "separated parents programme"),
        ("family-relationships", "parenting"),
        ((0, 18), (-1, 25)),
        {"targeted": 6, "commissioned": 4},
        ((2,), (1, 2)),
        ("self_referral", "professional_referral"),
        ("in-person", "online"),
        "{Phrase} for parents who argue a lot, are splitting up or need help agreeing arrangements for children.",
        "A trained mediator helps you talk, listen and agree what is best for your children.",
        3,
        free=0.6,
    ),
    ServiceType(
        ("debt advice", "benefits advice", "housing advice", "money advice", "welfare rights advice"),
        ("money-work-housing",),
        ((-1, 25), (16, 25)),
        {"universal": 6, "commissioned": 4},
        ((1,), (1, 2)),
        ("self_referral", "professional_referral"),
        ("in-person", "phone", "online"),
        "Free {phrase} in {town}: help with debts, universal credit, bills and keeping a safe home.",
        "An adviser checks what you can claim and helps you deal with the people you owe money to.",
        4,
        free=1.0,
    ),
    ServiceType(
        ("sexual health clinic", "sexual health drop-in", "relationships and sexual health advice"),
        ("sexual-health",),
        ((13, 25), (16, 25)),
        {"universal": 6, "commissioned": 4},
        ((1,), (1, 2)),
        ("self_referral",),
        ("in-person", "online"),
        "{Phrase} for young people aged {ages}: contraception, testing and advice about healthy relationships.",
        "Confidential: you do not need to bring anyone with you or give your parents' details.",
        2,
        free=1.0,
    ),
    ServiceType(
        ("anti-bullying programme", "bullying support", "peer mentoring"),
        ("bullying", "mental-health"),
        ((7, 16), (5, 18)),
        {"universal": 5, "targeted": 5},
        ((1,), (1, 2)),
        ("self_referral", "professional_referral"),
        ("in-person", "online"),
        "{Phrase} for children aged {ages} who are bullied, online or at school, and for their parents.",
        "We work with schools and families to make a plan and build confidence.",
        2,
    ),
    ServiceType(
        ("healthy eating and cooking", "family fitness", "healthy families programme", "cook and eat"),
        ("healthy-lifestyles",),
        ((0, 18), (5, 16), (2, 11)),
        {"universal": 8, "commissioned": 2},
        ((1,),),
        ("self_referral", "professional_referral"),
        ("in-person",),
        "{Phrase} in {town} for families with children aged {ages}: cooking on a budget and getting active together.",
        "Each session ends with a meal cooked together and recipes to take home.",
        3,
    ),
    ServiceType(
        ("child exploitation support", "exploitation prevention", "county lines outreach"),
        ("exploitation", "youth-crime"),
        ((10, 18), (11, 25)),
        {"specialist": 6, "targeted": 4},
        ((3,), (3, 4)),
        ("professional_referral", "statutory_referral"),
        ("in-person", "home-visits"),
        "{Phrase} for young people aged {ages} at risk of being groomed, exploited or drawn into county lines.",
        "A worker builds trust with the young person and works with their family and school.",
        2,
        free=1.0,
    ),
    ServiceType(
        ("youth justice service", "knife crime awareness", "positive activities for young people"),
        ("youth-crime",),
        ((10, 18),),
        {"specialist": 6, "targeted": 4},
        ((3,), (3, 4), (2,)),
        ("statutory_referral", "professional_referral"),
        ("in-person",),
        "{Phrase} for young people aged {ages} in {town} who have been in trouble or are at risk of it.",
        "Support to make better choices, repair harm and stay in education or training.",
        1,
        free=1.0,
    ),
    ServiceType(
        ("family support", "family support worker", "intensive family support", "early help family support"),
        ("parenting", "family-relationships"),
        ((-1, 18), (0, 18)),
        {"targeted": 6, "specialist": 4},
        ((2,), (2, 3), (3, 4)),
        ("early_help_assessment", "professional_referral", "statutory_referral"),
        ("home-visits", "in-person"),
        "{Phrase} for families in {town} going through a hard time: a key worker who visits you at home.",
        "Your worker helps the whole family with routines, school, money and getting the right help.",
        4,
        free=1.0,
    ),
    ServiceType(
        ("homework club", "holiday activities", "sports club", "forest school", "after school club"),
        ("activities", "healthy-lifestyles"),
        ((5, 16), (8, 18), (4, 11)),
        {"universal": 10},
        ((1,),),
        ("self_referral",),
        ("in-person",),
        "{Phrase} for children aged {ages} in {town}: fun, friends and something to do after school and in the holidays.",
        "Places are free for children who get benefits-related free school meals.",
        5,
        free=0.6,
    ),
    ServiceType(
        (
            "perinatal mental health support",
            "wellbeing group for parents",
            "mental health support for parents",
        ),
        ("mental-health", "pregnancy-and-baby"),
        ((-1, 2), (-1, 25)),
        {"targeted": 6, "commissioned": 4},
        ((2,), (2, 3)),
        ("self_referral", "professional_referral"),
        ("in-person", "phone", "online"),
        "{Phrase} for mums, dads and carers who feel anxious, low or not themselves, in pregnancy or after.",
        "Talk to someone who understands, one to one or in a small group.",
        3,
        free=1.0,
    ),
)

ORGANISATION_PREFIXES = (
    "Lancashire",
    "Red Rose",
    "Pennine",
    "Fylde Coast",
    "Morecambe Bay",
    "East Lancashire",
    "Ribble",
    "Moorland",
    "Brighter Futures",
    "Little Steps",
    "Open Door",
    "Northern Lights",
)
ORGANISATION_SUFFIXES = (
    "Family Hub",
    "Families Trust",
    "Youth Partnership",
    "Parents' Network",
    "Children's Centre",
    "Carers' Centre",
    "Women's Centre",
    "Advice Centre",
    "Community Project",
    "Wellbeing Service",
    "Youth Zone",
    "Food Network",
)
VENUES = (
    "{area} Family Hub",
    "{area} Community Centre",
    "{area} Library",
    "{area} Children's Centre",
    "{area} Primary School",
    "{area} Youth Centre",
    "{area} Health Centre",
    "{area} Leisure Centre",
    "St {saint}'s Church Hall",
    "{area} Methodist Church",
)
SAINTS = ("Mary", "John", "Peter", "Anne", "Michael", "Paul", "Andrew", "Wilfrid", "Cuthbert", "Stephen")
STREETS = (
    "Church Street",
    "Market Street",
    "Station Road",
    "Victoria Road",
    "Moor Lane",
    "Park Road",
    "Queen Street",
    "Water Street",
    "Blackburn Road",
    "Manchester Road",
    "Garstang Road",
    "Lancaster Road",
    "School Lane",
    "Mill Lane",
    "Avenham Lane",
    "Hollins Road",
)
ELIGIBILITY = (
    "",
    "",
    "Families living in {district}.",
    "Parents and carers, and the children they look after.",
    "Anyone aged {ages}; younger children must come with an adult.",
    "Families who get universal credit or another means-tested benefit.",
    "Young people, and parents who are worried about them.",
)
EXTRA_SENTENCES = (
    "You do not need to book.",
    "Please book a place by phone or email.",
    "Tea, coffee and toast are provided.",
    "Interpreters can be arranged if you need one.",
    "Sessions run in term time only.",
    "There is step-free access and a hearing loop.",
    "Dads, grandparents and foster carers are very welcome.",
    "We can help you fill in forms and make phone calls.",
)
ACCESS_HOW_TO = {
    "self_referral": "Phone or email us, or just come along.",
    "professional_referral": "Ask your health visitor, GP, school or social worker to refer you.",
    "early_help_assessment": "Through an early help assessment with your lead professional.",
    "statutory_referral": "Children's social care refers families to this service.",
}
OTHER_LANGUAGES = ("bfi", "ur", "pa", "gu", "bn", "pl", "ro", "ar", "ku", "fa", "uk", "pt", "so")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
OPENING_STARTS = (
    datetime.time(9),
    datetime.time(9, 30),
    datetime.time(10),
    datetime.time(13),
    datetime.time(15, 30),
)
EVENING_SESSION_STARTS = (datetime.time(17), datetime.time(18), datetime.time(18, 30))


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
            opening = []
            if not always_open:
                for weekday in sorted(rng.sample(range(7), rng.choices((1, 2, 3, 5), (40, 30, 20, 10))[0])):
                    if weekday >= 5 and rng.random() < 0.6:
                        weekday -= 2
                    start = rng.choice(EVENING_SESSION_STARTS if rng.random() < 0.15 else OPENING_STARTS)
                    end = (
                        datetime.datetime.combine(self.today, start)
                        + datetime.timedelta(hours=rng.choice((2, 3, 4)))
                    ).time()
                    opening.append((weekday, start, end))
                opening = sorted(set(opening))
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


# --------------------------------------------------------------------------- writing it in bulk


def _insert_local_rows(model, instances: Sequence, batch_size: int = 2000) -> None:
    """INSERT a multi-table-inherited model's own columns (Django's bulk_create refuses such models)."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(instances), batch_size):
            cursor.executemany(
                sql,
                [
                    [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields]
                    for instance in instances[start : start + batch_size]
                ],
            )


def bulk_create_pages(parent, pages: Sequence, first_step: int) -> None:
    """Save new, live child pages of `parent` in bulk, with the paths treebeard would give them.

    `pages` are unsaved instances of one Page subclass with their own fields set; they become
    children number `first_step`, `first_step + 1`, … of `parent` (steplen 4, base 36), and get
    their ids. The caller adds len(pages) to the parent's numchild.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from wagtail.models import Page

    if not pages:
        return
    model = type(pages[0])
    content_type_id = ContentType.objects.get_for_model(model).pk
    now = timezone.now()
    depth = parent.depth + 1
    for step, page in enumerate(pages, first_step):
        page.path = Page._get_path(parent.path, depth, step)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type_id = content_type_id
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
    page_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    rows = [Page(**{name: getattr(page, name) for name in page_fields}) for page in pages]
    Page.objects.bulk_create(rows)
    for page, row in zip(pages, rows, strict=True):
        page.id = page.page_ptr_id = row.pk
    _insert_local_rows(model, pages)


@dataclass
class Vocab:
    theme_ids: dict[str, int]
    theme_words: dict[str, str]
    language_ids: dict[str, int]


def load_vocab() -> Vocab:
    from directory.models import Language, NeedTheme

    themes = list(NeedTheme.objects.prefetch_related("synonyms"))
    return Vocab(
        theme_ids={theme.slug: theme.pk for theme in themes},
        # As `build_record` writes a theme into a service's text: its name and its synonyms.
        theme_words={
            theme.slug: f"{theme.name} " + " ".join(synonym.name for synonym in theme.synonyms.all())
            for theme in themes
        },
        language_ids=dict(Language.objects.values_list("code", "pk")),
    )


def service_record(page_id: int, url_path: str, url: str, spec: ServiceSpec, organisation: str, vocab: Vocab):
    """The `ServiceRecord` that `search.documents.build_record` would make from the saved page."""
    from wagtail.rich_text import get_text_for_indexing

    from .documents import EVENING_STARTS, WEEKEND_DAYS, LocationRecord, ServiceRecord

    theme_words = " ".join(vocab.theme_words[slug] for slug in spec.themes)
    body = " ".join(
        part
        for part in (get_text_for_indexing(spec.description), spec.eligibility, organisation, theme_words)
        if part
    )
    if spec.always_open:
        when: tuple[str, ...] = ("evenings", "weekends")
    else:
        periods = []
        if any(closes > EVENING_STARTS for _, _, closes in spec.opening):
            periods.append("evenings")
        if any(weekday in WEEKEND_DAYS for weekday, _, _ in spec.opening):
            periods.append("weekends")
        when = tuple(periods)
    return ServiceRecord(
        service_id=page_id,
        name=spec.title,
        slug=spec.slug,
        url_path=url_path,
        url=url,
        organisation=organisation,
        summary=spec.summary,
        body=" ".join(body.split()),
        kind=spec.kind,
        cost=spec.cost,
        age_min=spec.age_min,
        age_max=spec.age_max,
        themes=tuple(sorted(spec.themes)),
        levels=tuple(sorted(str(level) for level in spec.levels)),
        access_routes=tuple(sorted(spec.access)),
        modes=tuple(sorted(spec.modes)),
        when=when,
        languages=tuple(sorted(spec.languages)),
        served_area=spec.served_area,
        served_districts=tuple(sorted(spec.served_districts)) if spec.served_area == "districts" else (),
        last_checked=spec.last_checked,
        next_review=spec.next_review,
        locations=tuple(
            LocationRecord(venue.name, venue.postcode, venue.latitude, venue.longitude, venue.district)
            for venue in spec.locations
        ),
        primary_theme=spec.themes[0] if spec.themes else "",
        always_open=spec.always_open,
    )


def _write_services(
    chunk: list[ServiceSpec], services_index, first_step: int, organisation_pages, vocab: Vocab
):
    """Pages and every related row for one chunk of services; returns their ServiceRecords."""
    from directory.models import AccessRoute, OpeningTime, ServiceLocation, ServicePage, ServiceTheme

    pages = [
        ServicePage(
            title=spec.title,
            slug=spec.slug,
            translation_key=spec.translation_key,
            summary=spec.summary,
            description=spec.description,
            organisation_id=organisation_pages[spec.organisation].pk,
            kind=spec.kind,
            eligibility=spec.eligibility,
            age_min=spec.age_min,
            age_max=spec.age_max,
            cost=spec.cost,
            cost_detail=spec.cost_detail,
            phone=spec.phone,
            email=spec.email,
            website=spec.website,
            always_open=spec.always_open,
            opening_notes=spec.opening_notes,
            served_area=spec.served_area,
            last_checked=spec.last_checked,
            next_review=spec.next_review,
        )
        for spec in chunk
    ]
    bulk_create_pages(services_index, pages, first_step)

    levels = ServicePage.levels.through
    modes = ServicePage.delivery_modes.through
    languages = ServicePage.languages.through
    districts = ServicePage.served_districts.through
    rows: dict[type, list] = {
        model: []
        for model in (
            ServiceTheme,
            levels,
            modes,
            languages,
            districts,
            AccessRoute,
            OpeningTime,
            ServiceLocation,
        )
    }
    for page, spec in zip(pages, chunk, strict=True):
        pid = page.pk
        rows[ServiceTheme] += [
            ServiceTheme(content_object_id=pid, tag_id=vocab.theme_ids[slug]) for slug in spec.themes
        ]
        rows[levels] += [levels(servicepage_id=pid, needlevel_id=number) for number in spec.levels]
        rows[modes] += [modes(servicepage_id=pid, deliverymode_id=slug) for slug in spec.modes]
        rows[languages] += [
            languages(servicepage_id=pid, language_id=vocab.language_ids[code]) for code in spec.languages
        ]
        rows[districts] += [districts(servicepage_id=pid, district_id=slug) for slug in spec.served_districts]
        rows[AccessRoute] += [
            AccessRoute(service_id=pid, sort_order=i, route=route, how_to=ACCESS_HOW_TO[route])
            for i, route in enumerate(spec.access)
        ]
        rows[OpeningTime] += [
            OpeningTime(service_id=pid, sort_order=i, weekday=weekday, opens=opens, closes=closes)
            for i, (weekday, opens, closes) in enumerate(spec.opening)
        ]
        rows[ServiceLocation] += [
            ServiceLocation(
                service_id=pid,
                sort_order=i,
                name=venue.name,
                address=venue.address,
                town=venue.town,
                postcode=venue.postcode,
                latitude=venue.latitude,
                longitude=venue.longitude,
                district_id=venue.district,
            )
            for i, venue in enumerate(spec.locations)
        ]
    for model, objects in rows.items():
        model.objects.bulk_create(objects, batch_size=1000)
    index_url = services_index.url
    return [
        service_record(
            page.pk,
            page.url_path,
            f"{index_url}{page.slug}/",
            spec,
            organisation_pages[spec.organisation].title,
            vocab,
        )
        for page, spec in zip(pages, chunk, strict=True)
    ]


@contextmanager
def _timed(timings: dict[str, float], name: str, say: Callable[[str], None]):
    say(f"  {name}…")
    start = time.perf_counter()
    yield
    timings[name] = round(time.perf_counter() - start, 2)
    say(f"  {name}: {timings[name]:.1f} s")


def build_directory(
    services: int, seed: int = SEED, say: Callable[[str], None] = print, chunk_size: int = 5000
) -> dict:
    """Build the synthetic directory in the current (scratch, already migrated) database."""
    from django.db import transaction
    from django.db.models import F

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from directory.models import OrganisationPage, ServicePage
    from directory.seeding import seed_default_themes
    from home.site_tree import ensure_site_tree

    from . import snapshot
    from .backends.database import DatabaseBackend
    from .documents import build_record, services_for_indexing

    timings: dict[str, float] = {}
    with _timed(timings, "site_tree_and_vocabulary", say):
        tree = ensure_site_tree()
        seed_default_themes()
        vocab = load_vocab()

    with _timed(timings, "generate", say):
        generator = DirectoryGenerator(services, seed)
        organisation_specs = generator.organisations()
        service_specs = list(generator.services(organisation_specs))

    records = []
    began = time.perf_counter()
    with _timed(timings, "pages_and_relations", say), transaction.atomic():
        organisation_pages = [
            OrganisationPage(
                title=spec.title,
                slug=spec.slug,
                translation_key=spec.translation_key,
                description=f"<p>{spec.title} works with families across Lancashire.</p>",
                website="https://organisation.example.org.uk",
                email="hello@organisation.example.org.uk",
                phone="01772 960000",
                address="1 High Street",
                postcode=spec.postcode,
            )
            for spec in organisation_specs
        ]
        bulk_create_pages(tree.organisations, organisation_pages, tree.organisations.numchild + 1)
        Page.objects.filter(pk=tree.organisations.pk).update(numchild=F("numchild") + len(organisation_pages))
        first = tree.services.numchild + 1
        for start in range(0, len(service_specs), chunk_size):
            chunk = service_specs[start : start + chunk_size]
            records += _write_services(chunk, tree.services, first + start, organisation_pages, vocab)
            say(f"    {start + len(chunk)}/{services} services ({time.perf_counter() - began:.0f} s)")
        Page.objects.filter(pk=tree.services.pk).update(numchild=F("numchild") + len(service_specs))

    # The naive baseline searches the pages through Wagtail's own index, as `update_index` fills it.
    with _timed(timings, "wagtail_page_index", say), transaction.atomic():
        backend = get_search_backend()
        ids = [record.service_id for record in records]
        for start in range(0, len(ids), 2000):
            batch = list(ServicePage.get_indexed_objects().filter(pk__in=ids[start : start + 2000]))
            backend.add_bulk(ServicePage, batch)
        backend.add_bulk(OrganisationPage, list(OrganisationPage.get_indexed_objects()))

    with _timed(timings, "search_documents", say), transaction.atomic():
        loaded = DatabaseBackend().bulk_load(records, batch_size=2000)
    snapshot.forget()

    checks: dict[str, object] = {}
    with _timed(timings, "checks", say):
        # The records were made from the specs, not read back: check a sample against build_record.
        sample = records[:: max(1, len(records) // 25)]
        wanted = {record.service_id: record for record in sample}
        for page in services_for_indexing().filter(pk__in=wanted):
            actual = build_record(page)
            if actual != wanted[page.pk]:
                differing = [
                    name
                    for name in actual.__dataclass_fields__
                    if getattr(actual, name) != getattr(wanted[page.pk], name)
                ]
                raise RuntimeError(
                    f"service {page.pk}: the loaded search record differs from build_record in {differing}"
                )
        checks["records_checked"] = len(wanted)
        checks["live_services"] = ServicePage.objects.live().child_of(tree.services).count()
        if checks["live_services"] != services or loaded != services:
            raise RuntimeError(
                f"expected {services} live, indexed services; found {checks['live_services']}, {loaded}"
            )
        if services <= 5000:
            problems = Page.find_problems()
            checks["tree_problems"] = sum(len(found) for found in problems)
            if checks["tree_problems"]:
                raise RuntimeError(f"treebeard finds problems in the page tree: {problems}")
    counts = _row_counts()
    return {"timings": timings, "checks": checks, "rows": counts, "organisations": len(organisation_pages)}


def _row_counts() -> dict[str, int]:
    from directory.models import AccessRoute, OpeningTime, ServiceLocation, ServicePage, ServiceTheme

    return {
        "services": ServicePage.objects.count(),
        "locations": ServiceLocation.objects.count(),
        "access_routes": AccessRoute.objects.count(),
        "theme_tags": ServiceTheme.objects.count(),
        "opening_times": OpeningTime.objects.count(),
        "served_districts": ServicePage.served_districts.through.objects.count(),
    }


# --------------------------------------------------------------------------- the naive baseline

NAIVE_PREFETCH = (
    "locations",
    "theme_items__tag",
    "levels",
    "access_routes",
    "delivery_modes",
    "languages",
    "served_districts",
    "opening_times",
)


def _naive_values(page) -> dict[str, set[str]]:
    """A page's value of every facet, read from its (prefetched) relations."""
    from .documents import opening_periods

    return {
        "theme": {item.tag.slug for item in page.theme_items.all()},
        "age": {"pregnancy" if age < 0 else str(age) for age in range(page.age_min, page.age_max + 1)},
        "kind": {page.kind},
        "level": {str(level.number) for level in page.levels.all()},
        "access": {route.route for route in page.access_routes.all()},
        "free": {"1"} if page.cost == "free" else set(),
        "mode": {mode.slug for mode in page.delivery_modes.all()},
        "when": set(opening_periods(page)),
        "language": {language.code for language in page.languages.all()},
    }


def _naive_covers(page, place) -> bool:
    if page.served_area == "national":
        return True
    if place.district is None:
        return False
    if page.served_area == "county":
        return True
    return place.district in {district.slug for district in page.served_districts.all()}


@dataclass
class NaiveResults:
    total: int
    items: list
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


def naive_search(query) -> NaiveResults:
    """What a Wagtail developer writes first: Wagtail's page search (or every live page), then
    distances (geopy), filters, facets, sorting and paging in Python over the page objects.
    Relations are prefetched, so it is naive but not N+1."""
    from directory import geo
    from directory.models import ServicePage

    from .query import FACET_PARAMETERS

    pages = ServicePage.objects.live().select_related("organisation").prefetch_related(*NAIVE_PREFETCH)
    if query.text:
        pages = pages.search(query.text)
    found = []
    for page in pages:
        distance = None
        if query.place is not None:
            distances = [
                geo.distance_miles(query.place.coordinates, (venue.latitude, venue.longitude))
                for venue in page.locations.all()
                if venue.latitude is not None and venue.longitude is not None
            ]
            nearest = min(distances, default=None)
            if nearest is not None and nearest <= query.radius_miles:
                distance = nearest
            elif not _naive_covers(page, query.place):
                continue
        found.append((page, distance, _naive_values(page)))

    selected = {parameter: set(query.selected(parameter)) for parameter in FACET_PARAMETERS}
    active = [parameter for parameter in FACET_PARAMETERS if selected[parameter]]

    def passes(values: dict[str, set[str]], skip: str | None = None) -> bool:
        return all(values[p] & selected[p] for p in active if p != skip)

    facets = {}
    for parameter in FACET_PARAMETERS:
        counts: Counter = Counter()
        for _, _, values in found:
            if passes(values, skip=parameter):
                counts.update(values[parameter])
        facets[parameter] = dict(counts)
    results = [(page, distance) for page, distance, values in found if passes(values)]
    if query.place is not None:
        results.sort(key=lambda item: (item[1] is None, item[1] or 0.0, item[0].title.casefold()))
    elif not query.text:
        results.sort(key=lambda item: item[0].title.casefold())
    start = (query.page - 1) * query.per_page
    # Totals count services, one per organisation and name (search/snapshot.py's groups), as ours do.
    from . import snapshot

    services = {(page.organisation_id, snapshot.base_name(page.title)) for page, _ in results}
    return NaiveResults(len(services), [page for page, _ in results[start : start + query.per_page]], facets)


# --------------------------------------------------------------------------- measuring


def embedded_search(params: Mapping[str, list[str]]) -> tuple[int, int]:
    """One search as the view does it below rendering; returns (total, items on the page)."""
    from .query import SearchQuery, Vocabulary
    from .service import run_search

    vocabulary = Vocabulary.from_database()
    results = run_search(SearchQuery.from_params(params, vocabulary), vocabulary)
    return results.total, len(results.items)


def baseline_search(params: Mapping[str, list[str]]) -> tuple[int, int]:
    from .query import SearchQuery, Vocabulary

    vocabulary = Vocabulary.from_database()
    results = naive_search(SearchQuery.from_params(params, vocabulary))
    return results.total, len(results.items)


def percentiles(samples: Sequence[float]) -> dict[str, float]:
    import numpy as np

    values = np.asarray(samples, dtype=float) * 1000
    return {
        "p50_ms": round(float(np.percentile(values, 50)), 2),
        "p95_ms": round(float(np.percentile(values, 95)), 2),
    }


def spread(samples: Sequence[float]) -> dict[str, float]:
    values = [sample * 1000 for sample in samples]
    return {
        "mean_ms": round(sum(values) / len(values), 2),
        "min_ms": round(min(values), 2),
        "max_ms": round(max(values), 2),
    }


class SearchTimedOut(Exception):
    """A search still running in SQLite after the per-search time limit, interrupted."""


@contextmanager
def sqlite_deadline(seconds: float | None):
    """Interrupt any SQLite statement still running `seconds` from now (raises SearchTimedOut)."""
    from django.db import OperationalError, connection

    if not seconds or connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    deadline = time.perf_counter() + seconds
    raw.set_progress_handler(lambda: int(time.perf_counter() > deadline), 10_000)
    try:
        yield
    except OperationalError as error:
        if "interrupt" in str(error).lower():
            raise SearchTimedOut() from error
        raise
    finally:
        raw.set_progress_handler(None, 0)


def time_rounds(
    rotations: Mapping[str, Sequence[Mapping[str, list[str]]]],
    search: Callable[[Mapping[str, list[str]]], tuple[int, int]],
    runs: int,
    warmup: int,
    budget_seconds: float | None = None,
    warmup_budget_seconds: float | None = None,
    timeout_seconds: float | None = None,
    min_runs: int = 3,
    say: Callable[[str], None] = print,
) -> dict:
    """Warm up, then time up to `runs` rounds; each round runs every search once (interleaved, so a
    burst of load from another process hits all of them alike), each search stepping through its
    rotation. Stops early, after `min_runs` rounds, once `budget_seconds` are spent. A search still
    in SQLite after `timeout_seconds` is interrupted and counted at that time, as a timeout: then
    its percentiles are lower bounds."""
    names = list(rotations)
    totals: dict[str, dict[int, tuple[int, int]]] = {name: {} for name in names}
    timeouts = dict.fromkeys(names, 0)

    def run(name: str, index: int) -> float:
        begin = time.perf_counter()
        try:
            with sqlite_deadline(timeout_seconds):
                totals[name][index] = search(rotations[name][index])
        except SearchTimedOut:
            timeouts[name] += 1
        return time.perf_counter() - begin

    started = time.perf_counter()
    for i in range(warmup * len(names)):
        name = names[i % len(names)]
        run(name, (i // len(names)) % len(rotations[name]))
        if warmup_budget_seconds is not None and time.perf_counter() - started > warmup_budget_seconds:
            say(f"    warm-up stopped after {i + 1} searches ({time.perf_counter() - started:.0f} s)")
            break
    warmup_timeouts = sum(timeouts.values())
    timeouts = dict.fromkeys(names, 0)
    gc.collect()
    samples: dict[str, list[float]] = {name: [] for name in names}
    started = time.perf_counter()
    for i in range(runs):
        for name in names:
            samples[name].append(run(name, i % len(rotations[name])))
        elapsed = time.perf_counter() - started
        over_budget = budget_seconds is not None and elapsed > budget_seconds and i + 1 >= min_runs
        if (i + 1) % max(1, runs // 5) == 0 or over_budget:
            say(
                f"    round {i + 1}/{runs} ({elapsed:.0f} s)"
                + (": time budget spent, stopping" if over_budget else "")
            )
        if over_budget:
            break
    return {"samples": samples, "totals": totals, "timeouts": timeouts, "warmup_timeouts": warmup_timeouts}


def measure(
    runs: int = 100,
    warmup: int | None = None,
    budget: float = 300.0,
    baseline_runs: int = 20,
    baseline_budget: float = 180.0,
    timeout: float = 20.0,
    baseline_timeout: float = 60.0,
    say: Callable[[str], None] = print,
) -> dict:
    """Time the four searches on the embedded backend, then the naive baseline, in this process."""
    from django.db import connection

    from . import snapshot

    rotations = scenarios()
    warmup = max(len(rotation) for rotation in rotations.values()) if warmup is None else warmup
    load_before = os.getloadavg()

    # Cold start: this process's first search, which loads the in-memory snapshot table. A place
    # search, so that the time is the load and not the words.
    snapshot.forget()
    begin = time.perf_counter()
    embedded_search(rotations["location_radius"][0])
    cold_start = time.perf_counter() - begin

    say(
        f"  embedded backend: up to {warmup} warm-up and {runs} timed rounds of the {len(rotations)} searches "
        f"(stops after {budget:.0f} s; a search is cut off after {timeout:.0f} s)"
    )
    embedded = time_rounds(
        rotations, embedded_search, runs, warmup, budget, budget / 5, timeout_seconds=timeout, say=say
    )

    reloads = []
    for _ in range(3):
        snapshot.forget()
        begin = time.perf_counter()
        snapshot.current_table()
        reloads.append(time.perf_counter() - begin)

    say(
        f"  naive baseline: 1 warm-up and up to {baseline_runs} timed rounds (stops after {baseline_budget:.0f} s; "
        f"a search is cut off after {baseline_timeout:.0f} s)"
    )
    gc.collect()
    baseline = time_rounds(
        rotations,
        baseline_search,
        baseline_runs,
        1,
        baseline_budget,
        baseline_budget / 5,
        baseline_timeout,
        say=say,
    )

    agreement = {}
    for name in ("location_radius", "age_theme_location"):
        compared = sorted(set(embedded["totals"][name]) & set(baseline["totals"][name]))
        agreement[name] = {
            "compared": len(compared),
            "same_total": sum(
                embedded["totals"][name][i][0] == baseline["totals"][name][i][0] for i in compared
            ),
        }
    return {
        "cold_start_ms": round(cold_start * 1000, 1),
        "snapshot_load_ms": round(sorted(reloads)[1] * 1000, 1),
        "timeout_seconds": timeout,
        "baseline_timeout_seconds": baseline_timeout,
        "embedded": embedded,
        "baseline": baseline,
        "agreement": agreement,
        "load_average": {
            "before": [round(x, 2) for x in load_before],
            "after": [round(x, 2) for x in os.getloadavg()],
        },
        "sqlite_version": connection.Database.sqlite_version if connection.vendor == "sqlite" else "",
    }


# --------------------------------------------------------------------------- reporting


def report(services: int, build: dict, measured: dict) -> dict:
    """The benchmark's one-line JSON result (see the command's help)."""
    embedded, baseline = measured["embedded"], measured["baseline"]
    queries = {name: percentiles(embedded["samples"][name]) for name in QUERY_NAMES}
    naive = {name: percentiles(baseline["samples"][name]) for name in QUERY_NAMES}
    # A ratio is only known when the embedded search was never cut off; when the baseline was, the
    # ratio is a lower bound (see "timeouts").
    speedup = {
        name: round(naive[name]["p95_ms"] / queries[name]["p95_ms"], 1)
        if queries[name]["p95_ms"] and not embedded["timeouts"][name]
        else None
        for name in QUERY_NAMES
    }
    target = TARGET_P95_MS.get(services)
    return {
        "services": services,
        "backend": "database",
        "database": "sqlite",
        "queries": queries,
        "baseline": naive,
        "speedup_p95": speedup,
        "cold_start_ms": measured["cold_start_ms"],
        "build_seconds": build["build_seconds"],
        "runs": {
            "queries": {name: len(embedded["samples"][name]) for name in QUERY_NAMES},
            "baseline": {name: len(baseline["samples"][name]) for name in QUERY_NAMES},
        },
        "timeouts": {
            "seconds": measured["timeout_seconds"],
            "baseline_seconds": measured["baseline_timeout_seconds"],
            "queries": embedded["timeouts"],
            "baseline": baseline["timeouts"],
        },
        "spread": {
            "queries": {name: spread(embedded["samples"][name]) for name in QUERY_NAMES},
            "baseline": {name: spread(baseline["samples"][name]) for name in QUERY_NAMES},
        },
        "results_found": {
            "queries": {name: _found(embedded["totals"][name]) for name in QUERY_NAMES},
            "baseline": {name: _found(baseline["totals"][name]) for name in QUERY_NAMES},
        },
        "agreement": measured["agreement"],
        "snapshot_load_ms": measured["snapshot_load_ms"],
        "build": build,
        "targets": {
            "p95_ms": target,
            "p95_met": None if target is None else all(q["p95_ms"] <= target for q in queries.values()),
            "speedup": TARGET_SPEEDUP if services >= TARGET_SPEEDUP_AT else None,
            "speedup_met": (
                all(value is not None and value >= TARGET_SPEEDUP for value in speedup.values())
                if services >= TARGET_SPEEDUP_AT
                else None
            ),
        },
        "load_average": measured["load_average"],
        "sqlite_version": measured["sqlite_version"],
        "python": sys.version.split()[0],
    }


def _found(totals: Mapping) -> dict[str, int]:
    values = [total for total, _ in totals.values()]
    return {"min_total": min(values), "max_total": max(values), "searches": len(values)} if values else {}


def table(result: dict) -> str:
    timeouts = result["timeouts"]

    def ms(value: float, cut_off: int) -> str:
        return f"{'>=' if cut_off else ''}{value:.1f}"

    lines = [
        f"Search benchmark: {result['services']:,} services, embedded database backend on SQLite "
        f"{result['sqlite_version']}",
        f"build {result['build_seconds']:.1f} s ("
        + ", ".join(
            f"{name.replace('_', ' ')} {seconds:.1f} s"
            for name, seconds in result["build"]["timings"].items()
        )
        + ")",
        f"cold start (first search, loads the snapshot): {result['cold_start_ms']:.0f} ms; "
        f"snapshot reload {result['snapshot_load_ms']:.0f} ms",
        "",
        f"{'search':<30} {'p50 ms':>9} {'p95 ms':>9} {'runs':>5}   {'naive p50':>10} {'naive p95':>10} {'runs':>5}"
        f"   {'p95 speed-up':>12}",
    ]
    for name in QUERY_NAMES:
        query, naive = result["queries"][name], result["baseline"][name]
        cut, naive_cut = timeouts["queries"][name], timeouts["baseline"][name]
        speedup = result["speedup_p95"][name]
        ratio = "unknown" if speedup is None else f"{'>=' if naive_cut else ''}{speedup:.1f}x"
        lines.append(
            f"{name:<30} {ms(query['p50_ms'], cut):>9} {ms(query['p95_ms'], cut):>9} {result['runs']['queries'][name]:>5}"
            f"   {ms(naive['p50_ms'], naive_cut):>10} {ms(naive['p95_ms'], naive_cut):>10} "
            f"{result['runs']['baseline'][name]:>5}   "
            f"{ratio:>12}"
        )
    if any(timeouts["queries"].values()) or any(timeouts["baseline"].values()):
        lines.append(
            f">= : some searches were cut off (after {timeouts['seconds']:.0f} s embedded, "
            f"{timeouts['baseline_seconds']:.0f} s naive; embedded: "
            + ", ".join(f"{name} {count}" for name, count in timeouts["queries"].items() if count)
            + "; naive: "
            + ", ".join(f"{name} {count}" for name, count in timeouts["baseline"].items() if count)
            + "), so those figures are lower bounds"
        )
    targets = result["targets"]
    verdicts = []
    if targets["p95_ms"] is not None:
        verdicts.append(f"p95 <= {targets['p95_ms']:.0f} ms: {'met' if targets['p95_met'] else 'MISSED'}")
    if targets["speedup"] is not None:
        verdicts.append(
            f">= {targets['speedup']:.0f}x the naive p95: {'met' if targets['speedup_met'] else 'MISSED'}"
        )
    if verdicts:
        lines.append("targets: " + "; ".join(verdicts))
    lines.append(
        "(each time covers Vocabulary.from_database, SearchQuery.from_params, the search and fetching the page's "
        f"result objects; load average {result['load_average']['before'][0]:.1f} before, "
        f"{result['load_average']['after'][0]:.1f} after, on {os.cpu_count()} cores)"
    )
    return "\n".join(lines)


def write_json(path: str | os.PathLike, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, default=str)


def read_json(path: str | os.PathLike) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


# --------------------------------------------------------------------------- Elasticsearch, side by side


def elasticsearch_version(url: str) -> str:
    """The node's version (`GET /` answers 405 on the minimal distribution; `_nodes/_local` does not)."""
    from elasticsearch import Elasticsearch

    nodes = Elasticsearch(url, request_timeout=10).nodes.info(node_id="_local").body["nodes"]
    return ", ".join(sorted({node["version"] for node in nodes.values()}))


def index_into_elasticsearch(url: str, alias: str, say: Callable[[str], None] = print) -> dict:
    """Index every live service of this database into a new index behind `alias`; the records are
    built first (from the database, as `rebuild_search_index` does), so the Elasticsearch time is
    the bulk load, refresh and alias swap alone."""
    from .backends.elasticsearch import ElasticsearchBackend
    from .documents import build_record, services_for_indexing

    began = time.perf_counter()
    ids = list(services_for_indexing().values_list("pk", flat=True))
    batches = [
        [build_record(page) for page in services_for_indexing().filter(pk__in=ids[start : start + 500])]
        for start in range(0, len(ids), 500)
    ]
    built = time.perf_counter() - began
    backend = ElasticsearchBackend(url, alias, replicas=0)
    began = time.perf_counter()
    count = backend.rebuild(lambda: batches)
    seconds = time.perf_counter() - began
    say(f"  elasticsearch: indexed {count:,} services in {seconds:.1f} s ({count / seconds:,.0f} docs/s)")
    return {
        "documents": count,
        "seconds": round(seconds, 2),
        "docs_per_second": round(count / seconds, 1),
        "records_built_seconds": round(built, 2),
    }


def measure_elasticsearch(
    url: str,
    alias: str,
    runs: int,
    warmup: int | None,
    budget: float,
    say: Callable[[str], None] = print,
) -> dict:
    """Time the same searches through `run_search` with SEARCH_BACKEND=elasticsearch. A search the
    database had to answer instead (the node failing) is counted, so no figure is borrowed."""
    from django.test import override_settings

    from .backends import get_backend

    rotations = scenarios()
    warmup = max(len(rotation) for rotation in rotations.values()) if warmup is None else warmup
    with override_settings(
        SEARCH_BACKEND="elasticsearch",
        ELASTICSEARCH_URL=url,
        ELASTICSEARCH_INDEX=alias,
        ELASTICSEARCH_TIMEOUT=20,
    ):
        get_backend.cache_clear()
        backend = get_backend()
        fallbacks = 0
        primary_search = backend.primary.search

        def counted(query, analysed):
            nonlocal fallbacks
            try:
                return primary_search(query, analysed)
            except Exception:
                fallbacks += 1
                raise

        backend.primary.search = counted
        say(
            f"  elasticsearch backend: up to {warmup} warm-up and {runs} timed rounds (stops after {budget:.0f} s)"
        )
        timed = time_rounds(rotations, embedded_search, runs, warmup, budget, budget / 5, say=say)
        get_backend.cache_clear()
    timed["fallbacks"] = fallbacks
    return timed


def worker_rss(backend: str, url: str = "", alias: str = "") -> dict:
    """In a fresh process: the resident memory of a web worker that has answered every benchmarked
    search once with `backend` (the snapshot table loaded, the client connected)."""
    import resource

    from django.test import override_settings

    from .backends import get_backend

    overrides = {"SEARCH_BACKEND": backend}
    if backend == "elasticsearch":
        overrides |= {"ELASTICSEARCH_URL": url, "ELASTICSEARCH_INDEX": alias, "ELASTICSEARCH_TIMEOUT": 20}
    with override_settings(**overrides):
        get_backend.cache_clear()
        for rotation in scenarios().values():
            for params in rotation:
                embedded_search(params)
        answered = get_backend().name
    status = Path("/proc/self/status")
    current = 0
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                current = int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"backend": answered, "rss_mib": round(current / 1024, 1), "peak_rss_mib": round(peak / 1024, 1)}


def side_by_side(result: dict) -> str:
    """The database and Elasticsearch backends' figures on the same searches, as a table."""
    es = result["elasticsearch"]
    lines = [
        "",
        f"Side by side at {result['services']:,} services: database backend (SQLite) vs Elasticsearch {es['version']}",
        f"{'search':<30} {'db p50':>8} {'db p95':>8}   {'es p50':>8} {'es p95':>8} {'runs':>5}",
    ]
    for name in QUERY_NAMES:
        db, elastic = result["queries"][name], es["queries"][name]
        lines.append(
            f"{name:<30} {db['p50_ms']:>8.1f} {db['p95_ms']:>8.1f}   {elastic['p50_ms']:>8.1f} {elastic['p95_ms']:>8.1f}"
            f" {es['runs'][name]:>5}"
        )
    indexing = es["indexing"]
    lines.append(
        f"indexing into Elasticsearch: {indexing['documents']:,} documents in {indexing['seconds']:.1f} s = "
        f"{indexing['docs_per_second']:,.0f} docs/s (records built from the database first: "
        f"{indexing['records_built_seconds']:.1f} s); searches the database answered instead: {es['fallbacks']}"
    )
    rss = es["worker_rss"]
    lines.append(
        "web worker RSS after every search once: "
        + ", ".join(
            f"{name} {figures['rss_mib']:.0f} MiB (peak {figures['peak_rss_mib']:.0f})"
            for name, figures in rss.items()
        )
    )
    return "\n".join(lines)
