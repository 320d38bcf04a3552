"""Writing a synthetic directory into the current database, then indexing it the real way.

The pages and their relations are written in bulk (treebeard paths computed here rather than
`add_child` one page at a time: 10,000 services in seconds, not an hour), and Page.find_problems
checks the tree on small builds. Nothing about search is written by hand: the services are indexed
by `search.indexing.rebuild`, which builds each search document with `search.documents.build_record`
from the saved pages, into whichever backend the settings name, exactly as
`manage.py rebuild_search_index` does. Wagtail's own page index (what the naive baseline of
`make bench` searches) is filled as `update_index` would.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .generator import SEED, DirectoryGenerator, OrganisationSpec, ServiceSpec
from .words import ACCESS_HOW_TO

# Trees up to this many services are checked with treebeard's (slow) Page.find_problems.
TREE_CHECK_LIMIT = 5000


def _insert_local_rows(model, instances: Sequence, batch_size: int = 2000) -> None:
    """INSERT a multi-table-inherited model's own columns (Django's bulk_create refuses such models)."""
    from django.db import connection

    fields = model._meta.local_concrete_fields
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model, values bound)
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
    """The vocabulary rows the services point at, by their natural keys."""

    theme_ids: dict[str, int]
    language_ids: dict[str, int]


def load_vocab() -> Vocab:
    from directory.models import Language, NeedTheme

    return Vocab(
        theme_ids=dict(NeedTheme.objects.values_list("slug", "pk")),
        language_ids=dict(Language.objects.values_list("code", "pk")),
    )


def _organisation_page(spec: OrganisationSpec):
    from directory.models import OrganisationPage

    return OrganisationPage(
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


def _service_page(spec: ServiceSpec, organisation_id: int):
    from directory.models import ServicePage

    return ServicePage(
        title=spec.title,
        slug=spec.slug,
        translation_key=spec.translation_key,
        summary=spec.summary,
        description=spec.description,
        organisation_id=organisation_id,
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


def _write_services(
    chunk: list[ServiceSpec], services_index, first_step: int, organisation_pages, vocab: Vocab
):
    """Pages and every related row for one chunk of services."""
    from directory.models import AccessRoute, OpeningTime, ServiceLocation, ServicePage, ServiceTheme

    pages = [_service_page(spec, organisation_pages[spec.organisation].pk) for spec in chunk]
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
    """Build the synthetic directory in the current (scratch, already migrated) database: the site
    tree and vocabulary, N live services, Wagtail's page index and the search index. Returns the
    timings, checks and row counts."""
    from django.db import transaction
    from django.db.models import F

    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from directory.models import OrganisationPage, ServicePage
    from directory.seeding import seed_default_themes
    from home.site_tree import ensure_site_tree
    from search import indexing, snapshot
    from search.backends import get_backend

    timings: dict[str, float] = {}
    with _timed(timings, "site_tree_and_vocabulary", say):
        tree = ensure_site_tree()
        seed_default_themes()
        vocab = load_vocab()

    with _timed(timings, "generate", say):
        generator = DirectoryGenerator(services, seed)
        organisation_specs = generator.organisations()
        service_specs = list(generator.services(organisation_specs))

    ids: list[int] = []
    began = time.perf_counter()
    with _timed(timings, "pages_and_relations", say), transaction.atomic():
        organisation_pages = [_organisation_page(spec) for spec in organisation_specs]
        bulk_create_pages(tree.organisations, organisation_pages, tree.organisations.numchild + 1)
        Page.objects.filter(pk=tree.organisations.pk).update(numchild=F("numchild") + len(organisation_pages))
        first = tree.services.numchild + 1
        for start in range(0, len(service_specs), chunk_size):
            chunk = service_specs[start : start + chunk_size]
            _write_services(chunk, tree.services, first + start, organisation_pages, vocab)
            say(f"    {start + len(chunk)}/{services} services ({time.perf_counter() - began:.0f} s)")
        Page.objects.filter(pk=tree.services.pk).update(numchild=F("numchild") + len(service_specs))
        ids = list(ServicePage.objects.child_of(tree.services).values_list("pk", flat=True))

    # The naive baseline searches the pages through Wagtail's own index, as `update_index` fills it.
    with _timed(timings, "wagtail_page_index", say), transaction.atomic():
        backend = get_search_backend()
        for start in range(0, len(ids), 2000):
            batch = list(ServicePage.get_indexed_objects().filter(pk__in=ids[start : start + 2000]))
            backend.add_bulk(ServicePage, batch)
        backend.add_bulk(OrganisationPage, list(OrganisationPage.get_indexed_objects()))

    # The search documents, from the saved pages, by the code `rebuild_search_index` runs.
    with _timed(timings, "search_documents", say), transaction.atomic():
        indexed = indexing.rebuild(batch_size=500)
    snapshot.forget()

    checks: dict[str, int] = {}
    with _timed(timings, "checks", say):
        checks["live_services"] = ServicePage.objects.live().child_of(tree.services).count()
        checks["indexed_services"] = get_backend().count()
        if (
            checks["live_services"] != services
            or indexed != services
            or checks["indexed_services"] != services
        ):
            raise RuntimeError(
                f"expected {services} live, indexed services; found {checks['live_services']} live, "
                f"{indexed} indexed by the rebuild, {checks['indexed_services']} in the index"
            )
        if services <= TREE_CHECK_LIMIT:
            problems = Page.find_problems()
            checks["tree_problems"] = sum(len(found) for found in problems)
            if checks["tree_problems"]:
                raise RuntimeError(f"treebeard finds problems in the page tree: {problems}")
    return {
        "timings": timings,
        "checks": checks,
        "rows": _row_counts(),
        "organisations": len(organisation_pages),
    }


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
