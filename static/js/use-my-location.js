/*
 * "Use my location" beside the place box of a search form (templates/components/search_fields.html).
 *
 * The button is in the HTML with the `hidden` attribute, so without JavaScript (or without a
 * browser that can tell us where it is) nobody sees a button that cannot work. Here it is shown
 * only when navigator.geolocation exists. Pressing it asks the browser for the position, puts
 * "lat,lng" into the place box rounded to 3 decimal places (about 100 metres: close enough to find
 * nearby services, vague enough not to pinpoint a home) and submits the search. If the browser
 * cannot or will not say, a plain-English message appears in the live region beside the button and
 * the form is left exactly as it was.
 *
 * Loaded with `defer` from /static, never inline, so it works under a strict Content Security Policy.
 */
(function () {
  "use strict";

  if (!("geolocation" in navigator)) {
    return;
  }

  var NEAR_ME = /^\s*(?:near\s+)?(?:me|here|my\s+location|current\s+location|where\s+i\s+am)\s*$/i;
  var FAILED = "We couldn't get your location. Type a postcode or town instead.";
  var FINDING = "Finding your location…";
  var SEARCHING = "Searching near your location…";
  var OPTIONS = {
    enableHighAccuracy: false, // a rough fix is all we use, and it comes faster
    timeout: 15000,
    maximumAge: 5 * 60 * 1000,
  };

  function round(value) {
    return (Math.round(value * 1000) / 1000).toFixed(3);
  }

  function submit(form) {
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
  }

  function setUp(button) {
    var form = button.form;
    var near = form && form.elements.namedItem(button.getAttribute("data-near") || "near");
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!form || !near || !status) {
      return;
    }
    var busy = false;

    button.hidden = false;
    button.addEventListener("click", function () {
      if (busy) {
        return;
      }
      busy = true;
      button.setAttribute("aria-disabled", "true");
      status.textContent = FINDING;

      navigator.geolocation.getCurrentPosition(
        function (position) {
          near.value = round(position.coords.latitude) + "," + round(position.coords.longitude);
          status.textContent = SEARCHING;
          submit(form);
        },
        function () {
          busy = false;
          button.removeAttribute("aria-disabled");
          status.textContent = FAILED;
        },
        OPTIONS
      );
    });

    // "near me" typed in the place box means the same as pressing the button (directory/geo.py
    // asks for a postcode instead when there is no JavaScript to do this).
    form.addEventListener("submit", function (event) {
      if (NEAR_ME.test(near.value)) {
        event.preventDefault();
        button.click();
      }
    });

    // Coming back with the Back button can restore this page as it was left ("Searching…").
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        busy = false;
        button.removeAttribute("aria-disabled");
        status.textContent = "";
      }
    });
  }

  var buttons = document.querySelectorAll(".rd-use-location__button");
  for (var i = 0; i < buttons.length; i += 1) {
    setUp(buttons[i]);
  }
})();
