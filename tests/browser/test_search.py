"""Searching, filtering, "Use my location" and the shortlist, in a real browser, with and without
JavaScript: what a parent on a phone or a GP signposting a family actually does.

The directory here is built for search: the default need themes (with the words families use) and a
handful of services around Preston, one in Chorley that also covers Preston, a national helpline
and a listing nobody has checked for two years.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from .axe import describe_violations, run_axe

pytestmark = pytest.mark.browser

# Where "Use my location" says the browser is: Preston city centre. Rounded to 3 places (about
# 100 metres) before it is sent.
PRESTON = {"latitude": 53.7614, "longitude": -2.7074}
ROUNDED_NEAR = "near=53.761%2C-2.707"
LOCATION_FAILED = "We couldn't get your location. Type a postcode or town instead."
FAMILY_PHONE = "01772 960101"
HELPLINE_PHONE = "0808 800 2222"


@dataclass(frozen=True)
class SearchDirectory:
    family_support: object
    outreach: object
    counselling: object
    helpline: object
    young_carers: object


@pytest.fixture(scope="module")
def directory_builder():
    """Overrides conftest's, so `directory` (and `tab`, `tab_without_js`, `open_tab`) is this one."""
    return build_search_directory


def build_search_directory() -> SearchDirectory:
    from directory.seeding import seed_default_themes
    from home.site_tree import ensure_site_tree
    from tests.factories import OrganisationPageFactory, ServicePageFactory

    ensure_site_tree()
    seed_default_themes()
    charity = OrganisationPageFactory(title="Lancashire Family Partnership")
    family_support = ServicePageFactory(
        title="Preston Family Support",
        organisation=charity,
        summary="One-to-one support for parents going through a hard time.",
        themes=["parenting", "domestic-abuse"],
        phone=FAMILY_PHONE,
        email="familysupport@lancashirefamilypartnership.example.org.uk",
        website="https://www.lancashirefamilypartnership.example.org.uk/family-support/",
        access_routes={
            "self_referral": "Phone us and ask for a family support worker.",
            "professional_referral": "Professionals can refer with the family's consent.",
        },
        locations=[{"name": "Preston Family Centre", "address": "12 Fishergate Hill", "postcode": "PR1 2HE"}],
        opening_times=[(0, "09:00", "17:00"), (2, "10:00", "12:30")],
    )
    outreach = ServicePageFactory(
        title="Safe Together Outreach",
        organisation=charity,
        summary="Confidential help if someone at home hurts or frightens you.",
        themes=["domestic-abuse"],
        access_routes={"professional_referral": "Ask your GP, health visitor or school to refer you."},
        locations=[{"name": "Harris Library", "address": "Market Square", "postcode": "PR1 2PP"}],
    )
    counselling = ServicePageFactory(
        title="Chorley Talking Space",
        organisation=charity,
        summary="Counselling for young people who feel anxious or low.",
        themes=["mental-health"],
        age_min=11,
        served_districts=["chorley", "preston"],
        access_routes={"early_help_assessment": "Your early help worker can book you in."},
        locations=[
            {
                "name": "Chorley Youth Zone",
                "address": "Union Street",
                "town": "Chorley",
                "postcode": "PR7 1AB",
            }
        ],
    )
    helpline = ServicePageFactory(
        title="National Parenting Helpline",
        organisation=charity,
        summary="Talk to a parenting adviser by phone, any time.",
        served_area="national",
        served_districts=[],
        themes=["parenting"],
        always_open=True,
        phone=HELPLINE_PHONE,
        delivery_modes=["phone"],
        locations=[],
        opening_times=[],
    )
    young_carers = ServicePageFactory(
        title="Young Carers Lancashire",
        organisation=charity,
        summary="Groups and trips for young people who look after someone at home.",
        themes=["young-carers"],
        served_area="county",
        served_districts=[],
        last_checked=datetime.date.today() - datetime.timedelta(days=700),
        access_routes={"statutory_referral": "Through children's social care."},
        locations=[
            {
                "name": "Leyland Civic Centre",
                "address": "West Paddock",
                "town": "Leyland",
                "postcode": "PR25 1DH",
            }
        ],
    )
    return SearchDirectory(family_support, outreach, counselling, helpline, young_carers)


def card(page, title):
    return page.locator(".rd-card", has=page.get_by_role("link", name=title, exact=True))


def results_heading(page):
    return page.locator("#results")


def result_count(page) -> int:
    return int(results_heading(page).inner_text().split()[0])


def header_shortlist_link(page):
    """The header's shortlist link, opening the phone's Menu first if it is folded away."""
    link = page.get_by_role("navigation", name="Main menu").get_by_role("link", name=re.compile("^Shortlist"))
    if not link.is_visible():
        page.locator(".rd-menu-toggle:visible, .rd-menu-link:visible").first.click()
    return link


# ------------------------------------------------------------------ result cards


def test_a_result_card_says_what_how_far_who_and_how_to_get_in(tab, directory):
    page = tab.page
    tab.open("/search/?q=parenting&near=PR1+2HE")

    family = card(page, "Preston Family Support").inner_text()
    assert "Run by Lancashire Family Partnership" in family
    assert "One-to-one support for parents" in family
    assert re.search(r"(Less than 0\.1|\d+\.\d) miles away, at Preston Family Centre", family)
    assert (
        "Help with: Domestic abuse, Parenting" in family or "Help with: Parenting, Domestic abuse" in family
    )
    assert "How to get in: You can refer yourself; A professional refers you" in family
    assert f"Last checked on {datetime.date.today():%-d %B %Y}" in family
    assert "out of date" not in family

    helpline = card(page, "National Parenting Helpline").inner_text()
    assert "National helpline" in helpline
    assert "miles away" not in helpline, "a helpline has no venue to be near"


def test_a_service_that_covers_the_place_from_further_away_says_so(tab, directory):
    page = tab.page
    tab.open("/search/?q=counselling&near=PR1+2HE")

    talking = card(page, "Chorley Talking Space").inner_text()
    assert "Covers Preston" in talking
    assert "How to get in: After a talk with an early help worker" in talking


def test_an_old_listing_is_flagged_on_its_card(tab, directory):
    page = tab.page
    tab.open("/search/?q=young+carers")

    old = card(page, "Young Carers Lancashire")
    assert old.get_by_text("This listing may be out of date").is_visible()
    assert "How to get in: A social worker refers you" in old.inner_text()


def test_a_misspelling_is_searched_as_corrected_and_says_so(tab, directory):
    page = tab.page
    tab.open("/search/?q=councelling")

    message = page.locator(".rd-spelling")
    assert message.inner_text() == "Showing results for counselling. Search instead for councelling"
    assert message.locator("strong").inner_text() == "counselling"
    assert "Did you mean" not in page.locator("main").inner_text()
    assert card(page, "Chorley Talking Space").is_visible()
    # GOV.UK's pattern: the words as typed are one click away, searched unchanged.
    message.get_by_role("link", name="councelling").click()
    page.wait_for_url(re.compile(r"q=councelling"))
    assert page.locator(".rd-spelling").count() == 0


# ------------------------------------------------------------------ filters


def test_filters_narrow_the_results_without_javascript(tab_without_js, directory):
    page = tab_without_js.page
    tab_without_js.open("/search/?near=PR1+2HE")
    before = result_count(page)

    page.get_by_text("Filter results").click()
    page.get_by_label(re.compile(r"^Domestic abuse")).check()
    page.wait_for_timeout(300)
    assert "theme=" not in page.url, "without JavaScript nothing happens until the button is pressed"
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile("theme=domestic-abuse"))

    assert "near=PR1+2HE" in page.url, "the place is kept when filtering"
    assert result_count(page) == 2 < before
    assert page.get_by_label(re.compile(r"^Domestic abuse")).is_checked()
    assert not card(page, "National Parenting Helpline").count()


def test_filters_apply_as_soon_as_they_change_with_javascript(tab, directory):
    page = tab.page
    tab.open("/search/?near=PR1+2HE")
    before = result_count(page)

    page.get_by_text("Filter results").click()
    assert page.get_by_text("The results change as soon as you choose a filter.").is_visible()
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Domestic abuse")).check()

    assert "theme=domestic-abuse" in page.url and "near=PR1+2HE" in page.url
    assert result_count(page) == 2 < before
    # Focus is back on the filter just changed, so a keyboard user can carry on from there.
    assert page.evaluate("document.activeElement.id") == "theme-domestic-abuse"
    assert page.get_by_label(re.compile(r"^Domestic abuse")).is_checked()

    with page.expect_navigation():
        page.get_by_label("Child's age").select_option("14")
    assert "age=14" in page.url and "theme=domestic-abuse" in page.url
    assert page.evaluate("document.activeElement.id") == "age"

    # The button is still there, and still works, for anyone who reaches for it.
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert "age=14" in page.url


def test_unticking_the_last_filter_keeps_focus_on_it(tab, directory):
    page = tab.page
    tab.open("/search/?near=PR1+2HE&theme=domestic-abuse")

    # The chosen filters are restated above the results, so the panel starts folded.
    page.get_by_text("Filter results").click()
    with page.expect_navigation():
        page.get_by_label(re.compile(r"^Domestic abuse")).uncheck()

    assert "theme=" not in page.url
    assert page.locator("details.rd-filters").evaluate("details => details.open")
    assert page.evaluate("document.activeElement.id") == "theme-domestic-abuse"


# ------------------------------------------------------------------ use my location


@pytest.mark.parametrize("start", ["/", "/search/?q=parenting"])
def test_use_my_location_searches_near_where_the_phone_is(open_tab, directory, start):
    tab = open_tab(geolocation=PRESTON, permissions=["geolocation"])
    page = tab.page
    tab.open(start)

    with page.expect_navigation(url=re.compile(r"/search/\?")):
        page.get_by_role("button", name="Use my location").click()

    assert ROUNDED_NEAR in page.url, "the position is rounded to 3 decimal places before it is sent"
    assert parse_qs(urlsplit(page.url).query)["near"] == ["53.761,-2.707"]
    if "q=" in start:
        assert "q=parenting" in page.url, "the words already typed are kept"
    assert "near your location" in results_heading(page).inner_text()
    assert "miles away, at Preston Family Centre" in card(page, "Preston Family Support").inner_text()


def test_typing_near_me_uses_the_phones_location(open_tab, directory):
    tab = open_tab(geolocation=PRESTON, permissions=["geolocation"])
    page = tab.page
    tab.open("/")
    page.get_by_label("What do you need help with?").fill("parenting")
    page.get_by_label("Where? Postcode or town").fill("near me")
    with page.expect_navigation(url=re.compile(r"/search/\?")):
        page.get_by_role("button", name="Search", exact=True).click()
    assert parse_qs(urlsplit(page.url).query)["near"] == ["53.761,-2.707"]
    assert "near your location" in results_heading(page).inner_text()


def test_use_my_location_is_not_offered_without_javascript(tab_without_js):
    page = tab_without_js.page
    for path in ("/", "/search/", "/search/?q=parenting"):
        tab_without_js.open(path)
        button = page.locator(".rd-use-location__button")
        assert button.count() == 1 and button.get_attribute("hidden") is not None
        assert not button.is_visible(), f"a button that cannot work is shown on {path}"


def test_a_refused_location_says_what_to_do_and_leaves_the_form_alone(open_tab, directory):
    tab = open_tab()  # no permission granted: the browser refuses
    page = tab.page
    tab.open("/search/?q=parenting")
    page.get_by_label("Where? Postcode or town").fill("Chorley")

    page.get_by_role("button", name="Use my location").click()

    status = page.get_by_role("status").filter(has_text="location")
    status.filter(has_text=LOCATION_FAILED).wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert page.url == tab.base + "/search/?q=parenting"
    assert page.get_by_label("Where? Postcode or town").input_value() == "Chorley"
    assert page.get_by_label("What do you need help with?").input_value() == "parenting"


# ------------------------------------------------------------------ shortlist


def _shortlist_flow(tab, second_tab, directory):
    page = tab.page
    tab.open("/search/?q=parenting&near=PR1+2HE")
    assert header_shortlist_link(page).inner_text() == "Shortlist (0)"

    # Add from the results: back on the same results, at the same card.
    card(page, "Preston Family Support").get_by_role(
        "button", name="Add to shortlist (Preston Family Support)"
    ).click()
    page.wait_for_url(re.compile(r"/search/\?q=parenting&near=PR1\+2HE#service-preston-family-support$"))
    family = card(page, "Preston Family Support")
    assert family.get_by_text("On your shortlist").is_visible()
    assert family.get_by_role("button", name="Remove from shortlist (Preston Family Support)").is_visible()
    assert header_shortlist_link(page).inner_text() == "Shortlist (1)"
    assert page.get_by_text("Added to your shortlist.").is_visible()

    # Add from a service's own page.
    tab.open(directory.helpline.url)
    page.get_by_role("button", name="Add to shortlist (National Parenting Helpline)").click()
    page.wait_for_url(re.compile(re.escape(directory.helpline.url) + "$"))
    assert page.get_by_text("On your shortlist").is_visible()
    assert page.get_by_role("button", name="Remove from shortlist (National Parenting Helpline)").is_visible()

    # The shortlist: everything needed to get in touch.
    header_shortlist_link(page).click()
    page.wait_for_url(re.compile("/shortlist/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Your shortlist"
    assert header_shortlist_link(page).inner_text() == "Shortlist (2)"
    main = page.locator("main")
    text = main.inner_text()
    assert main.get_by_role("link", name=FAMILY_PHONE).get_attribute("href") == "tel:" + FAMILY_PHONE.replace(
        " ", ""
    )
    assert main.get_by_role("link", name=HELPLINE_PHONE).get_attribute(
        "href"
    ) == "tel:" + HELPLINE_PHONE.replace(" ", "")
    email = "familysupport@lancashirefamilypartnership.example.org.uk"
    assert main.get_by_role("link", name=email).get_attribute("href") == "mailto:" + email
    assert (
        main.get_by_role("link", name="Preston Family Support website")
        .get_attribute("href")
        .startswith("https://")
    )
    assert "12 Fishergate Hill" in text and "PR1 2HE" in text
    assert "You can refer yourself. Phone us and ask for a family support worker." in text
    assert "Monday: 9am to 5pm" in text and "Wednesday: 10am to 12:30pm" in text
    assert "24 hours a day, every day" in text

    # The share link rebuilds the list for someone else, in another browser.
    share_url = page.get_by_label("Link to this list").input_value()
    assert share_url == tab.base + "/shortlist/?s=preston-family-support&s=national-parenting-helpline"
    other = second_tab.page
    other.goto(share_url)
    assert other.get_by_role("heading", level=1).inner_text() == "Someone shared this list with you"
    assert other.get_by_role("link", name="Preston Family Support", exact=True).is_visible()
    assert other.get_by_role("link", name="National Parenting Helpline", exact=True).is_visible()
    other.get_by_role("button", name="Keep this list").click()
    other.wait_for_url(re.compile("/shortlist/$"))
    assert other.get_by_role("heading", level=1).inner_text() == "Your shortlist"
    assert header_shortlist_link(other).inner_text() == "Shortlist (2)"

    # Remove one, then clear the rest.
    page.get_by_role("button", name="Remove from shortlist (Preston Family Support)").click()
    page.wait_for_url(re.compile("/shortlist/$"))
    assert not page.get_by_role("link", name="Preston Family Support", exact=True).count()
    assert page.get_by_role("link", name="National Parenting Helpline", exact=True).is_visible()
    assert header_shortlist_link(page).inner_text() == "Shortlist (1)"

    page.get_by_role("button", name="Clear the shortlist").click()
    page.wait_for_url(re.compile("/shortlist/$"))
    assert page.get_by_text("There are no services on your shortlist yet").is_visible()
    assert header_shortlist_link(page).inner_text() == "Shortlist (0)"
    # The other person's copy is their own.
    other.reload()
    assert header_shortlist_link(other).inner_text() == "Shortlist (2)"


def test_shortlist_from_search_to_sharing_with_javascript(tab, open_tab, directory):
    _shortlist_flow(tab, open_tab(), directory)


def test_shortlist_from_search_to_sharing_without_javascript(tab_without_js, open_tab, directory):
    second = open_tab(java_script_enabled=False, viewport={"width": 320, "height": 800})
    _shortlist_flow(tab_without_js, second, directory)


def _fill_shortlist(tab, directory):
    for service in (directory.family_support, directory.helpline):
        tab.open(service.url)
        tab.page.get_by_role("button", name=f"Add to shortlist ({service.title})").click()
        tab.page.wait_for_load_state()
    tab.open("/shortlist/")


def test_shortlist_prints_with_javascript_and_explains_printing_without(tab, tab_without_js, directory):
    _fill_shortlist(tab, directory)
    page = tab.page
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print this list").click()
    assert page.evaluate("window.printed") is True
    assert not page.get_by_text("use your browser’s Print option").is_visible()

    _fill_shortlist(tab_without_js, directory)
    assert not tab_without_js.page.get_by_role("button", name="Print this list").is_visible()
    assert tab_without_js.page.get_by_text(
        "To print this list, use your browser’s Print option."
    ).is_visible()
    assert not tab_without_js.page.get_by_role("button", name="Copy link").is_visible()


def test_printed_shortlist_is_just_the_services_and_how_to_contact_them(tab, directory):
    _fill_shortlist(tab, directory)
    page = tab.page
    page.emulate_media(media="print")

    assert not page.get_by_role("navigation", name="Main menu").is_visible()
    assert not page.get_by_role("link", name="Exit this page").is_visible()
    assert not page.get_by_role("link", name="Skip to main content").is_visible()
    buttons = page.locator("button, .govuk-button")
    assert buttons.count() > 0
    assert [buttons.nth(i).is_visible() for i in range(buttons.count())] == [False] * buttons.count()
    assert not page.get_by_label("Link to this list").is_visible()
    assert not page.locator(".rd-footer__links").is_visible()

    assert page.get_by_role("link", name=FAMILY_PHONE).is_visible()
    assert page.get_by_role("link", name=HELPLINE_PHONE).is_visible()
    assert page.get_by_text("To see this list online, go to: " + tab.base + "/shortlist/?s=").is_visible()
    assert page.get_by_text(f"Printed from Right Door on {datetime.date.today():%-d %B %Y}").is_visible()
    assert not page.get_by_text("The list is kept in this browser only").is_visible()
    assert page.get_by_role("heading", level=1).evaluate("h => getComputedStyle(h).color") == "rgb(0, 0, 0)"
    website = page.get_by_role("link", name="Preston Family Support website")
    after = website.evaluate("a => getComputedStyle(a, '::after').content")
    assert "https://www.lancashirefamilypartnership.example.org.uk/family-support/" in after
    service = page.locator(".rd-shortlist__service").first
    assert service.evaluate("li => getComputedStyle(li).breakInside") == "avoid"

    page.emulate_media(media="screen")
    assert page.get_by_role("navigation", name="Main menu").is_visible()
    assert not page.get_by_text("To see this list online").is_visible()


def test_copy_link_puts_the_share_link_on_the_clipboard(open_tab, directory):
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    _fill_shortlist(tab, directory)
    page = tab.page
    share_url = page.get_by_label("Link to this list").input_value()

    page.get_by_role("button", name="Copy link").click()

    page.get_by_role("status").filter(has_text="Link copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == share_url


def test_a_shared_list_offers_to_replace_your_own(tab, directory):
    _fill_shortlist(tab, directory)
    page = tab.page
    tab.open(f"/shortlist/?s={directory.counselling.slug}&s=no-longer-listed")

    assert page.get_by_role("heading", level=1).inner_text() == "Someone shared this list with you"
    assert page.get_by_text("1 of the services in this list is no longer in the directory.").is_visible()
    assert page.get_by_text("This replaces the 2 services on your shortlist now.").is_visible()
    assert not page.get_by_role("button", name=re.compile("Remove from shortlist")).count()
    page.get_by_role("button", name="Keep this list").click()
    page.wait_for_url(re.compile("/shortlist/$"))
    assert page.get_by_role("link", name="Chorley Talking Space", exact=True).is_visible()
    assert header_shortlist_link(page).inner_text() == "Shortlist (1)"


# ------------------------------------------------------------------ accessibility and small screens

AXE_PAGES = {
    "results with filters chosen": "/search/?q=parenting&near=PR1+2HE&theme=parenting&age=5",
    "results with a corrected spelling": "/search/?q=councelling",
    "no results, with suggestions": "/search/?q=parenting&near=PR25+1DH&radius=1&theme=parenting&kind=targeted",
    "no results for nonsense": "/search/?q=zzzzqqq",
}


@pytest.mark.parametrize("name", AXE_PAGES)
def test_search_pages_pass_axe_and_fit_a_small_phone(tab, directory, name):
    problems = []
    for width in (320, 1280):
        tab.page.set_viewport_size({"width": width, "height": 800})
        tab.open(AXE_PAGES[name])
        # Check the filters too, unfolded (they are folded away until a filter is chosen).
        tab.page.locator("details.rd-filters").evaluate_all("all => all.forEach(d => { d.open = true; })")
        problems += _axe_and_width_problems(tab.page, width)
    assert problems == [], f"the search page ({name}):\n" + "\n".join(problems)


def test_no_results_page_offers_a_way_forward(tab, directory):
    page = tab.page
    tab.open(AXE_PAGES["no results, with suggestions"])

    assert result_count(page) == 0
    assert page.get_by_role("heading", name="National helplines you can call").is_visible()


@pytest.mark.parametrize("shared", [False, True], ids=["own", "shared"])
def test_shortlist_passes_axe_and_fits_a_small_phone(tab, directory, shared):
    _fill_shortlist(tab, directory)
    path = tab.page.get_by_label("Link to this list").input_value() if shared else tab.base + "/shortlist/"
    problems = []
    for width in (320, 1280):
        tab.page.set_viewport_size({"width": width, "height": 800})
        tab.page.goto(path)
        problems += _axe_and_width_problems(tab.page, width)
    assert problems == [], "the shortlist page:\n" + "\n".join(problems)


def test_location_message_passes_axe(open_tab, directory):
    tab = open_tab(viewport={"width": 320, "height": 800})
    tab.open("/")
    tab.page.get_by_role("button", name="Use my location").click()
    tab.page.get_by_text(LOCATION_FAILED).wait_for()
    assert _axe_and_width_problems(tab.page, 320) == []


def _axe_and_width_problems(page, width: int) -> list[str]:
    problems = []
    violations = run_axe(page)
    if violations:
        problems.append(f"axe at {width}px:\n" + describe_violations(violations))
    if width == 320:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 320:
            problems.append(f"the page is {scroll_width}px wide at 320px, so it scrolls sideways")
    return problems
