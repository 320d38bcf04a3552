/*
 * Search filters that apply at once (templates/pages/search.html).
 *
 * Without JavaScript people tick filters and press "Apply filters", which still works (and stays
 * on the page). Here, changing any filter (a checkbox, radio or select in .rd-filters) submits
 * the search form straight away. A note at the top of the filters says so, so nobody is surprised
 * when the page reloads (WCAG 3.2.2).
 *
 * After the reload, focus goes back to the filter that was changed, so someone using a keyboard or
 * a screen reader can carry on choosing filters: the form is sent to /search/#<that filter's id>
 * and the fragment is read here. The filter's label carries the new count of services.
 *
 * Loaded with `defer` from /static, never inline, so it works under a strict Content Security Policy.
 */
(function () {
  "use strict";

  var form = document.getElementById("search-form");
  var filters = document.querySelector(".rd-filters");
  if (!form || !filters) {
    return;
  }

  function isFilter(element) {
    return (
      element &&
      element.form === form &&
      filters.contains(element) &&
      (element.tagName === "SELECT" ||
        (element.tagName === "INPUT" && (element.type === "checkbox" || element.type === "radio")))
    );
  }

  // Back to the filter changed before this page loaded, opening the filters if they are folded away
  // (unticking the last filter closes them).
  var wanted = window.location.hash.slice(1);
  if (wanted) {
    var target = null;
    try {
      target = document.getElementById(decodeURIComponent(wanted));
    } catch (error) {
      target = null;
    }
    if (isFilter(target)) {
      if (filters.tagName === "DETAILS") {
        filters.open = true;
      }
      target.focus();
    }
  }

  var container = filters.querySelector(".govuk-details__text") || filters;
  var note = document.createElement("p");
  note.className = "govuk-body-s rd-filters__note";
  note.textContent = "The results change as soon as you choose a filter.";
  container.insertBefore(note, container.firstChild);

  filters.addEventListener("change", function (event) {
    var control = event.target;
    if (!isFilter(control)) {
      return;
    }
    var action = form.getAttribute("action") || "/search/";
    // The fragment survives a GET submission (only the query is replaced).
    form.setAttribute("action", action.split("#")[0] + "#" + (control.id || "results"));
    if (typeof form.requestSubmit === "function") {
      form.requestSubmit();
    } else {
      form.submit();
    }
    // The navigation has already been planned with the address above; put the form back as it was.
    form.setAttribute("action", action);
  });
})();
