"""'Exit this page': someone who may be watched can leave Right Door at once, on every page."""

import pytest

pytestmark = pytest.mark.browser


def test_exit_replaces_the_page_in_history_so_back_does_not_return(tab, directory, exit_url):
    page = tab.page
    tab.open("/")
    tab.open(directory.local_service.url)
    assert page.evaluate("history.length") == 3  # about:blank, home, service

    page.get_by_role("link", name="Exit this page").click()
    page.wait_for_url(exit_url)

    assert page.url == exit_url
    assert page.evaluate("history.length") == 3, (
        "the exit should replace the service page, not add to history"
    )
    page.go_back()
    assert page.url == tab.base + "/", "Back should skip the page that was exited"


def test_pressing_shift_three_times_exits(tab, directory, exit_url):
    page = tab.page
    tab.open(directory.local_service.url)

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(exit_url)

    assert page.url == exit_url


def test_typing_capital_letters_does_not_exit(tab, exit_url):
    page = tab.page
    tab.open("/")

    page.get_by_label("What do you need help with?").press_sequentially("ADHD")
    page.wait_for_timeout(300)

    assert page.url == tab.base + "/"


def test_exit_is_a_plain_link_without_javascript(tab_without_js, directory, exit_url):
    page = tab_without_js.page
    for path in ("/", directory.local_service.url, "/search/?q=parenting", directory.organisation.url):
        tab_without_js.open(path)
        link = page.get_by_role("link", name="Exit this page")
        assert link.is_visible(), f"no visible exit link on {path}"
        assert link.get_attribute("href") == "/exit/", "a plain link that forgets the shortlist on the way"
        assert set(link.get_attribute("rel").split()) >= {"noreferrer", "nofollow"}

    link.click()
    page.wait_for_url(exit_url)
    assert page.url == exit_url


def test_exit_stays_in_view_when_scrolling_on_a_phone(tab, directory):
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 640})
    tab.open(directory.local_service.url)

    page.mouse.wheel(0, 2000)
    page.wait_for_function("window.scrollY > 1000")

    box = page.get_by_role("link", name="Exit this page").bounding_box()
    assert box is not None and 0 <= box["y"] < 640, "the exit link should stick to the top of the screen"
