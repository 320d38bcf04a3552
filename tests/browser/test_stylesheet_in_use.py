"""What the built stylesheet does to a real page, where the build (scripts/build-css.mjs) sets
something once that GOV.UK Frontend sets in every rule: the font family is inherited from the
body, so form controls must be told to inherit it, or browsers give them their own font
(a 13px monospace textarea, which iOS zooms into)."""

import pytest

pytestmark = pytest.mark.browser

FORM_CONTROLS = "input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea, select, button"


@pytest.mark.parametrize("width", [320, 1280])
def test_form_controls_use_the_page_font_at_a_size_phones_do_not_zoom(tab, directory, width):
    tab.page.set_viewport_size({"width": width, "height": 900})
    tab.open(directory.local_service.url + "suggest-a-change/")
    body_font = tab.page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "system-ui" in body_font, "main.css did not set the system font on the page"
    controls = tab.page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)]
            // Visible and reachable (not the honeypot, which nobody is meant to fill in).
            .filter((el) => el.getClientRects().length && el.tabIndex >= 0)
            .map((el) => {
              const style = getComputedStyle(el);
              return [el.outerHTML.slice(0, 80), style.fontFamily, parseFloat(style.fontSize)];
            })""",
        FORM_CONTROLS,
    )
    assert any("<textarea" in html for html, _, _ in controls), "the form has no visible textarea"
    assert [(html, family) for html, family, _ in controls if family != body_font] == []
    # iOS zooms into a focused field whose text is under 16px.
    assert [(html, size) for html, _, size in controls if size < 16] == []


def test_the_page_font_reaches_text_in_every_govuk_component_on_a_results_page(tab, directory):
    tab.open("/search/?q=parenting")
    fonts = tab.page.evaluate(
        """() => [...new Set([...document.querySelectorAll('body [class*="govuk-"]')]
            .map((el) => getComputedStyle(el).fontFamily))]"""
    )
    assert fonts == [tab.page.evaluate("getComputedStyle(document.body).fontFamily")]
