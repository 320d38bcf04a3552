"""Writing an import: find the service a record updates (by source id or our own Open Referral
id), create or update its page and organisation, and save it through moderation or publish it;
with `--sync`, unpublish what has left the feed."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, Q
from django.utils.text import slugify

from directory.bulk_publishing import indexed_once
from directory.models import (
    AccessibilityFeature,
    AccessRoute,
    CostOption,
    DeliveryMode,
    District,
    Language,
    NeedLevel,
    NeedTheme,
    OpeningTime,
    OrganisationPage,
    OtherOpeningTime,
    ServiceContact,
    ServiceLocation,
    ServicePage,
)

from . import csv_format, ids
from .import_data import Problem, Report, ServiceData
from .serializers import html_to_text


@dataclass
class WriteOptions:
    organisation: OrganisationPage | None = None
    publish: bool = False
    user: object | None = None
    progress: Callable[[int, int], None] | None = None
    # The feed's name (its URL without the query, or the file's name), stored on each listing.
    source: str = ""
    # The feed is the source of truth for its own listings: those it no longer has are unpublished.
    sync: bool = False


def find_existing(source_id: str) -> ServicePage | None:
    if not source_id:
        return None
    condition = Q(source_id=source_id)
    as_uuid = ids.parse_uuid(source_id)
    if as_uuid is not None:
        condition |= Q(oruk_id=as_uuid)
    return ServicePage.objects.filter(condition).order_by("pk").first()


def _unique_slug(parent, name: str) -> str:
    base = slugify(name)[:200] or "service"
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


ORGANISATION_DETAILS = (
    ("description", "organisation_description"),
    ("email", "organisation_email"),
    ("website", "organisation_website"),
)


def _organisation_for(
    data: ServiceData, options: WriteOptions, known: KnownOrganisations, report: Report
) -> OrganisationPage:
    organisation = _find_or_create_organisation(data, options, known)
    # An organisation already here is the council's to edit: the feed's details do not overwrite it,
    # but a difference is said, never passed over in silence.
    for field_name, given_name in ORGANISATION_DETAILS:
        given, ours = getattr(data, given_name), getattr(organisation, field_name)
        if field_name == "description":  # rich text here, plain in a feed: the words are compared
            given, ours = html_to_text(given), html_to_text(ours)
        if given and given != ours:
            report.problems.append(
                Problem(
                    data.record,
                    f"organisation {field_name}",
                    f"“{organisation.title}” has {'another' if ours else 'no'} {field_name} here; the "
                    f"feed's was not copied to it. Edit the organisation if the feed's is right.",
                    "warning",
                )
            )
    return organisation


@dataclass
class KnownOrganisations:
    """The organisations one import has found and created. Many records name the same organisation:
    what was found for an id and a name is kept for the rest of the import, until a new one is
    created (which the same lookup might then find)."""

    created: dict[str, OrganisationPage] = dataclasses.field(default_factory=dict)  # by name, lower case
    found: dict[tuple[str, str], OrganisationPage | None] = dataclasses.field(default_factory=dict)


def _find_or_create_organisation(data: ServiceData, options: WriteOptions, known: KnownOrganisations):
    if options.organisation is not None:
        return options.organisation
    lookup = (data.organisation_id, data.organisation)
    if lookup not in known.found:
        known.found[lookup] = _find_organisation(data)
    return known.found[lookup] or _create_organisation(data, options, known)


def _find_organisation(data: ServiceData) -> OrganisationPage | None:
    as_uuid = ids.parse_uuid(data.organisation_id)
    if as_uuid is not None:
        found = OrganisationPage.objects.filter(oruk_id=as_uuid).first()
        if found:
            return found
    found = (
        OrganisationPage.objects.filter(title__iexact=data.organisation).first()
        if data.organisation
        else None
    )
    return found or None


def _create_organisation(
    data: ServiceData, options: WriteOptions, known: KnownOrganisations
) -> OrganisationPage:
    as_uuid = ids.parse_uuid(data.organisation_id)
    key = data.organisation.lower()
    created = known.created
    if key not in created:
        known.found.clear()  # a lookup that found nothing before might find this one
        from home.site_tree import ensure_site_tree

        parent = ensure_site_tree().organisations
        page = OrganisationPage(
            title=data.organisation,
            slug=_unique_slug(parent, data.organisation),
            live=False,  # published by _save_through_moderation, as a service is
            description=data.organisation_description,
            email=data.organisation_email,
            website=data.organisation_website,
        )
        if as_uuid is not None and not OrganisationPage.objects.filter(oruk_id=as_uuid).exists():
            page.oruk_id = as_uuid
        parent.add_child(instance=page)
        _save_through_moderation(page, options)
        created[key] = page
    return created[key]


def _apply_feed_only(page: ServicePage, data: ServiceData, keep: frozenset[str]) -> None:
    """What only an Open Referral feed gives (the CSV has no columns for it). None: not given, the
    page's own stays; prices go with the cost and contacts with the phone (a summary record
    without them leaves all of it alone)."""
    for name in ("alert", "accreditations", "funding"):
        if getattr(data, name) is not None:
            setattr(page, name, getattr(data, name))
    if data.cost_options is not None and "cost" not in keep:
        page.cost_options = [CostOption(**dataclasses.asdict(price)) for price in data.cost_options]
    if data.other_opening_times is not None:
        page.other_opening_times = [
            OtherOpeningTime(**dataclasses.asdict(other)) for other in data.other_opening_times
        ]
    if data.contacts is not None and "phone" not in keep:
        page.contacts = [ServiceContact(**dataclasses.asdict(contact)) for contact in data.contacts]


class Terms:
    """The vocabulary an import links listings to, read once per import rather than six queries a
    record. Each list keeps the model's own order, as a `filter(…__in=…)` would give it."""

    def __init__(self) -> None:
        self._rows: dict[tuple[type[Model], str], dict] = {}

    def pick(self, model: type[Model], key: str, wanted) -> list:
        rows = self._rows.get((model, key))
        if rows is None:
            rows = self._rows[(model, key)] = {getattr(row, key): row for row in model._default_manager.all()}
        wanted = set(wanted)
        return [row for value, row in rows.items() if value in wanted]


def apply(
    page: ServicePage, data: ServiceData, organisation: OrganisationPage, terms: Terms | None = None
) -> None:
    """Set a page's fields (in memory, clusterable relations included) from checked data."""
    terms = terms or Terms()
    page.title = data.name
    page.summary = data.summary
    page.description = data.description
    page.organisation = organisation
    page.kind = data.kind
    page.eligibility = data.eligibility
    # A record that does not speak of a field (a list page's summary) leaves an existing listing's own.
    keep = data.absent if page.pk else frozenset()
    page.age_min, page.age_max, page.ages_known = data.age_min, data.age_max, data.ages_known
    if "cost" not in keep:
        page.cost, page.cost_detail = data.cost, data.cost_detail
    if "phone" not in keep:
        page.phone = data.phone
    _apply_feed_only(page, data, keep)
    page.email, page.website = data.email, data.website
    page.always_open, page.opening_notes = data.always_open, data.opening_notes
    if "served_area" not in keep:
        page.served_area = data.served_area
        page.served_districts = terms.pick(District, "slug", data.served_districts)
    if data.last_checked:
        page.last_checked = data.last_checked
        page.next_review = None  # recomputed from the last check on save
    page.levels = terms.pick(NeedLevel, "number", data.levels)
    if "locations" not in keep:
        page.delivery_modes = terms.pick(DeliveryMode, "slug", data.delivery_modes)
    if "languages" not in keep:
        page.languages = terms.pick(Language, "code", data.languages)
    page.accessibility_features = terms.pick(AccessibilityFeature, "name", data.accessibility)
    page.themes.set(terms.pick(NeedTheme, "slug", data.themes))
    page.access_routes = [AccessRoute(route=route, how_to=how) for route, how in data.access_routes.items()]
    descriptions = data.opening_descriptions
    if descriptions is None:  # not given (a CSV): a session that is still there keeps its own words
        own = {(slot.weekday, slot.opens, slot.closes): slot.description for slot in page.opening_times.all()}
        descriptions = [own.get(slot, "") for slot in data.opening_times]
    descriptions = descriptions + [""] * (len(data.opening_times) - len(descriptions))
    page.opening_times = [
        OpeningTime(weekday=day, opens=opens, closes=closes, description=words)
        for (day, opens, closes), words in zip(data.opening_times, descriptions, strict=False)
    ]
    if "locations" in keep:
        return
    current = list(page.locations.all())
    by_source = {location.source_id: location for location in current if location.source_id}
    by_place = {(location.name, location.postcode): location for location in current}
    venues = []
    for position, venue in enumerate(data.locations):
        # Keep a venue's row (and so its public id) when it is still there: the same feed id, or
        # the same name and postcode.
        location = (venue.source_id and by_source.pop(venue.source_id, None)) or by_place.pop(
            (venue.name, venue.postcode), None
        )
        if location is None:
            location = ServiceLocation()
            as_uuid = ids.parse_uuid(venue.source_id)
            if as_uuid is not None and not ServiceLocation.objects.filter(oruk_id=as_uuid).exists():
                # An Open Referral id not in use here is kept, so a round trip keeps every id.
                location.oruk_id = as_uuid
        if venue.source_id:  # a CSV has no venue ids: a venue's feed id stays
            location.source_id = venue.source_id
        if venue.description is not None:
            location.description = venue.description
        # In the feed's order: without a sort_order the database lists venues in any order it likes.
        location.sort_order = position
        location.name, location.address, location.town = venue.name, venue.address, venue.town
        location.postcode = venue.postcode
        location.latitude, location.longitude, location.district = venue.latitude, venue.longitude, None
        location.fill_from_postcode()
        venues.append(location)
    page.locations = venues


def _compared(page: ServicePage) -> tuple:
    """What an import can change on a listing: its CSV row, and what the row has no column for."""
    venues = [(venue.source_id, venue.description) for venue in page.locations.all()]
    contacts = [
        (contact.name, contact.title, contact.phone, contact.phone_type, contact.phone_description)
        for contact in page.contacts.all()
    ]
    prices = [
        (
            price.option,
            price.amount,
            price.currency,
            price.amount_description,
            price.valid_from,
            price.valid_to,
        )
        for price in page.cost_options.all()
    ]
    return (
        csv_format.export_row(page),
        venues,
        (page.alert, page.accreditations, page.funding),
        contacts,
        prices,
    )


def _save_through_moderation(page, options: WriteOptions):
    revision = page.save_revision(user=options.user, log_action=True)
    if options.publish:
        revision.publish(user=options.user)
        return
    workflow = page.get_workflow()
    if workflow is not None and not page.workflow_in_progress:
        workflow.start(page, options.user)


def write(checked: list[ServiceData], report: Report, options: WriteOptions) -> None:
    """Create or update every checked record. The caller holds the transaction."""
    from home.site_tree import ensure_site_tree
    from search.indexing import bulk_changes

    parent = ensure_site_tree().services
    organisations = KnownOrganisations()
    terms = Terms()
    # Wagtail updates a page's reference index and its admin search entry on every save, and an
    # import saves each page three times or more (add, revision, publish, and each venue): two fifths
    # of an import's time. Each object saved is indexed once, at the end, by Wagtail's own tasks.
    with bulk_changes(), indexed_once():
        for done, data in enumerate(checked, start=1):
            organisation = _organisation_for(data, options, organisations, report)
            existing = find_existing(data.source_id)
            if existing is not None and options.source and existing.import_source != options.source:
                # The feed that last sent a listing is the one that may withdraw it (--sync).
                ServicePage.objects.filter(pk=existing.pk).update(import_source=options.source)
            held_back = bool(data.hold or data.withdrawn)
            record_options = dataclasses.replace(options, publish=False) if held_back else options
            if existing is not None and data.withdrawn and existing.live:
                # The feed says it no longer runs: take it off the site, keep the page for the record.
                existing.unpublish(user=options.user, log_action=True)
                report.updated.append(data.record)
                if options.progress:
                    options.progress(done, len(checked))
                continue
            if existing is None:
                # Added as a draft and then published, as Wagtail's own "create" view does: a live
                # page is fully validated on every save, and publishing validates it anyway.
                page = ServicePage(
                    slug=_unique_slug(parent, data.name),
                    live=False,
                    source_id=data.source_id,
                    import_source=options.source,
                )
                as_uuid = ids.parse_uuid(data.source_id)
                if as_uuid is not None and not ServicePage.objects.filter(oruk_id=as_uuid).exists():
                    # An Open Referral id not in use here is kept, so a round trip keeps every id.
                    page.oruk_id = as_uuid
                apply(page, data, organisation, terms)
                parent.add_child(instance=page)
                _save_through_moderation(page, record_options)
                report.created.append(data.record)
            else:
                page = existing.get_latest_revision_as_object()
                before = _compared(page)
                apply(page, data, organisation, terms)
                if _compared(page) == before and (existing.live or not record_options.publish):
                    report.unchanged.append(data.record)
                elif existing.has_unpublished_changes:
                    # Never overwrite an editor's draft (or one in moderation) with the file's copy.
                    report.held.append(data.record)
                    report.problems.append(
                        Problem(
                            data.record,
                            "(service)",
                            f"Not updated: “{existing.title}” has changes waiting to be published or "
                            "moderated. Publish or discard them, then import again.",
                            level="warning",
                        )
                    )
                else:
                    if not existing.source_id and data.source_id and str(existing.oruk_id) != data.source_id:
                        ServicePage.objects.filter(pk=existing.pk).update(source_id=data.source_id)

                    _save_through_moderation(page, record_options)
                    report.updated.append(data.record)
            if options.progress:
                options.progress(done, len(checked))


def unpublish_removed(present_ids: set[str], report: Report, options: WriteOptions) -> None:
    """`--sync`: unpublish this feed's live listings whose ids the feed no longer has. A record the
    feed still has but that failed its checks counts as present: invalid is not gone."""
    if not (options.sync and options.source):
        return
    for page in ServicePage.objects.live().filter(import_source=options.source).order_by("title"):
        if page.source_id in present_ids or str(page.oruk_id) in present_ids:
            continue
        page.unpublish(user=options.user, log_action=True)
        record = f"“{page.title}” ({page.source_id or page.oruk_id})"
        report.removed.append(record)
        report.problems.append(
            Problem(record, "(service)", "No longer in the feed: unpublished (--sync).", level="warning")
        )
