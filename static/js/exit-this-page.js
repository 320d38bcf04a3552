/*
 * "Exit this page": leave Right Door at once, for someone who may be being watched (for example
 * a parent living with domestic abuse).
 *
 * Without JavaScript the control is an ordinary link to /exit/, which forgets the shortlist and
 * redirects to a neutral site. This file makes it safer:
 *  - the shortlist (a browser-session cookie) is forgotten here, and the neutral site is opened
 *    directly, without the trip through /exit/;
 *  - the page is blanked immediately, before the next site has loaded;
 *  - location.replace() swaps this page's history entry for the neutral site, so pressing Back
 *    does not bring Right Door back (earlier Right Door pages in the history remain: the browser
 *    gives pages no way to remove those);
 *  - pressing Shift three times within 5 seconds does the same, like GOV.UK's component.
 *
 * Loaded with `defer` from /static, never inline, so it works under a strict Content Security Policy.
 */
(function () {
  "use strict";

  var link = document.querySelector(".rd-exit-this-page");
  if (!link || typeof window.location.replace !== "function") {
    return;
  }

  var PRESSES_NEEDED = 3;
  var TIMEOUT_MS = 5000;
  var presses = 0;
  var lastKeyWasModified = false;
  var pressTimer = null;
  var messageTimer = null;

  // Feedback while Shift is being pressed: three lights on the button, and words for screen readers.
  var indicator = document.createElement("span");
  indicator.className = "govuk-exit-this-page__indicator";
  indicator.setAttribute("aria-hidden", "true");
  for (var i = 0; i < PRESSES_NEEDED; i += 1) {
    var light = document.createElement("span");
    light.className = "govuk-exit-this-page__indicator-light";
    indicator.appendChild(light);
  }
  link.appendChild(indicator);

  var status = document.createElement("span");
  status.className = "govuk-visually-hidden";
  status.setAttribute("role", "status");
  (link.parentNode || document.body).appendChild(status);

  function showPresses() {
    indicator.classList.toggle("govuk-exit-this-page__indicator--visible", presses > 0);
    var lights = indicator.children;
    for (var j = 0; j < lights.length; j += 1) {
      lights[j].classList.toggle("govuk-exit-this-page__indicator-light--on", j < presses);
    }
  }

  function forgetShortlist() {
    // The shortlist is a browser-session cookie (search/shortlist.py): forget it before leaving.
    document.cookie = "rd_shortlist=; Max-Age=0; Path=/; SameSite=Lax";
    // And the CSRF cookie its forms came with (Django's default name, CSRF_COOKIE_NAME).
    document.cookie = "csrftoken=; Max-Age=0; Path=/; SameSite=Lax";
  }

  function exitPage() {
    var href = link.getAttribute("data-exit-url") || link.href;
    forgetShortlist();
    // Hide everything now: the next site may take a moment to load.
    document.documentElement.classList.add("rd-exiting");
    document.body.hidden = true;
    document.title = "Loading";
    window.location.replace(href);
  }

  function resetPresses(announce) {
    window.clearTimeout(pressTimer);
    pressTimer = null;
    presses = 0;
    showPresses();
    if (announce) {
      status.textContent = "Exit this page expired.";
      window.clearTimeout(messageTimer);
      messageTimer = window.setTimeout(function () {
        status.textContent = "";
      }, TIMEOUT_MS);
    }
  }

  link.addEventListener("click", function (event) {
    // Let people open the link in a new tab or window if they ask to.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    exitPage();
  });

  document.addEventListener(
    "keyup",
    function (event) {
      // Shift released after typing a capital letter is not a press of the exit shortcut.
      if (event.key === "Shift" && !lastKeyWasModified) {
        presses += 1;
        showPresses();
        window.clearTimeout(messageTimer);
        if (presses >= PRESSES_NEEDED) {
          resetPresses(false);
          exitPage();
          return;
        }
        status.textContent =
          presses === 1 ? "Shift, press 2 more times to exit." : "Shift, press 1 more time to exit.";
        window.clearTimeout(pressTimer);
        pressTimer = window.setTimeout(function () {
          resetPresses(true);
        }, TIMEOUT_MS);
      } else if (presses > 0) {
        resetPresses(true);
      }
      lastKeyWasModified = event.shiftKey;
    },
    true
  );

  // If the browser restores this page from its back-forward cache, show it again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.documentElement.classList.remove("rd-exiting");
      document.body.hidden = false;
      status.textContent = "";
      resetPresses(false);
    }
  });
})();
