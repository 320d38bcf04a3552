"""A small directory for the browser tests: one organisation and three services that between them
use every part of the service page (several opening sessions, always open, out of date, long email
and web addresses that must wrap at 320px, languages and accessibility features).

Built with the project's factories (`tests/factories.py`) on the real site tree (`home.site_tree`).
"""

import datetime
from dataclasses import dataclass

from directory.models import AccessibilityFeature, Language, OrganisationPage, ServicePage
from home.models import SafeguardingSettings
from home.site_tree import SiteTree, ensure_site_tree
from tests.factories import NeedThemeFactory, OrganisationPageFactory, ServicePageFactory

FRONT_DOOR_PHONE = "0300 123 6720"
SERVICE_PHONE = "01772 960001"


@dataclass(frozen=True)
class Directory:
    tree: SiteTree
    organisation: OrganisationPage
    local_service: ServicePage
    county_service: ServicePage
    national_service: ServicePage


def build_directory() -> Directory:
    tree = ensure_site_tree()
    SafeguardingSettings.objects.update_or_create(
        site=tree.home.get_site(),
        defaults={
            "front_door_name": "Lancashire Children's Services (MASH)",
            "front_door_phone": FRONT_DOOR_PHONE,
            "out_of_hours_phone": "0300 123 6722",
        },
    )
    NeedThemeFactory(slug="domestic-abuse", name="Domestic abuse", description="Help if someone hurts you.")
    NeedThemeFactory(slug="parenting", name="Parenting", description="Support with being a parent.")
    NeedThemeFactory(
        slug="young-carers", name="Young carers", description="For children who look after someone."
    )

    organisation = OrganisationPageFactory(
        title="Lancashire Family Partnership",
        slug="lancashire-family-partnership",
        description="<p>A charity supporting families across Lancashire.</p>",
        email="hello@lancashirefamilypartnership.example.org.uk",
        website="https://www.lancashirefamilypartnership.example.org.uk/",
        address="Unit 4, Riverside Business Centre\nRiver Road",
        postcode="PR1 2HE",
        charity_number="1234567",
    )

    local_service = ServicePageFactory(
        title="Family Support Preston",
        slug="family-support-preston",
        organisation=organisation,
        summary="One-to-one support for parents going through a hard time, including domestic abuse.",
        description=(
            "<p>A family support worker meets you at home or at the centre.</p>"
            "<h3>What to expect</h3><ul><li>A first chat within a week</li><li>Up to 12 sessions</li></ul>"
        ),
        kind="targeted",
        eligibility="Parents and carers of children aged 0 to 11 living in Preston.",
        age_min=-1,
        age_max=11,
        cost="free",
        phone=SERVICE_PHONE,
        email="familysupport.preston.enquiries@lancashirefamilypartnership.example.org.uk",
        website="https://www.lancashirefamilypartnership.example.org.uk/services/family-support-preston-and-surrounding-areas/",
        opening_notes="Closed on bank holidays.",
        themes=["domestic-abuse", "parenting"],
        levels=[1, 2],
        delivery_modes=["in-person", "home-visits"],
        served_districts=["preston", "south-ribble"],
        access_routes={
            "self_referral": "Phone us or email us and ask for a family support worker.",
            "professional_referral": "Professionals can refer with the family's consent using our referral form.",
        },
        locations=[
            {
                "name": "Preston Family Centre",
                "address": "12 Fishergate Hill",
                "town": "Preston",
                "postcode": "PR1 2HE",
            }
        ],
        opening_times=[(0, "09:00", "17:00"), (0, "18:00", "20:00"), (2, "10:00", "12:30")],
    )
    local_service.languages.set(Language.objects.filter(code__in=["en", "ur", "pl"]))
    local_service.accessibility_features.set(
        AccessibilityFeature.objects.filter(slug__in=["hearing-loop", "wheelchair-accessible-entrance"])
    )
    local_service.save_revision().publish()

    county_service = ServicePageFactory(
        title="Young Carers Lancashire",
        slug="young-carers-lancashire",
        organisation=organisation,
        summary="Groups and trips for young people who look after someone at home.",
        age_min=8,
        age_max=18,
        served_area="county",
        served_districts=[],
        themes=["young-carers"],
        # Checked long ago and never reviewed: shown as "may be out of date".
        last_checked=datetime.date.today() - datetime.timedelta(days=700),
        access_routes={"self_referral": "Ask a teacher or call us."},
        locations=[
            {
                "name": "Chorley Youth Zone",
                "address": "Union Street",
                "town": "Chorley",
                "postcode": "PR7 1AB",
            }
        ],
    )

    national_service = ServicePageFactory(
        title="National Parenting Helpline",
        slug="national-parenting-helpline",
        organisation=organisation,
        summary="Talk to a parenting adviser by phone, any time.",
        served_area="national",
        served_districts=[],
        themes=["parenting"],
        always_open=True,
        phone="0808 800 2222",
        delivery_modes=["phone"],
        locations=[],
        opening_times=[],
    )
    return Directory(
        tree=tree,
        organisation=organisation,
        local_service=local_service,
        county_service=county_service,
        national_service=national_service,
    )
