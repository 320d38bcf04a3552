/*
 * The header's "Menu" on phones (GOV.UK's service navigation pattern).
 *
 * Without JavaScript, "Menu" is a link to the list (#main-menu), which CSS shows while it is the
 * page's :target, so the header stays one line high. Here the link gives way to a button that
 * opens and closes the menu in place. From tablet width up the menu is always shown
 * and neither control appears (static/scss/_rd-header.scss).
 *
 * Loaded with `defer` from /static, never inline, so it works under a strict Content Security Policy.
 */
(function () {
  "use strict";

  var button = document.querySelector(".rd-menu-toggle");
  var link = document.querySelector(".rd-menu-link");
  var list = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!button || !list) {
    return;
  }

  document.documentElement.classList.add("rd-menu-js");
  if (link) {
    link.hidden = true;
  }
  button.hidden = false;

  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", open ? "true" : "false");
    list.classList.toggle("rd-nav__list--open", open);
  });
})();
