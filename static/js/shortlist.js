/*
 * The shortlist page (templates/pages/shortlist.html): "Print this list" and "Copy link".
 *
 * Both buttons are in the HTML with the `hidden` attribute and shown here. Without JavaScript the
 * page says to use the browser's own Print option, and the share link sits in a read-only box
 * that can be selected and copied by hand.
 *
 * Loaded with `defer` from /static, never inline, so it works under a strict Content Security Policy.
 */
(function () {
  "use strict";

  // Print ------------------------------------------------------------------------------------
  var printButton = document.querySelector(".rd-shortlist-print__button");
  if (printButton && typeof window.print === "function") {
    var fallback = document.querySelector(".rd-shortlist-print__fallback");
    if (fallback) {
      fallback.hidden = true;
    }
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      window.print();
    });
  }

  // Copy link --------------------------------------------------------------------------------
  var copyButton = document.querySelector(".rd-shortlist-share__copy");
  if (!copyButton) {
    return;
  }
  var input = document.getElementById(copyButton.getAttribute("data-copy"));
  var status = document.getElementById(copyButton.getAttribute("data-status"));
  if (!input || !status) {
    return;
  }

  function copyWithSelection() {
    input.focus();
    input.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    if (done) {
      copyButton.focus();
    }
    return done;
  }

  function copied() {
    status.textContent = "Link copied. You can paste it into a message or an email.";
  }

  function notCopied() {
    // The link is left selected, ready for the device's own Copy.
    input.focus();
    input.select();
    status.textContent = "We couldn't copy the link. It is selected: use your device's Copy instead.";
  }

  copyButton.hidden = false;
  copyButton.addEventListener("click", function () {
    status.textContent = "";
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      navigator.clipboard.writeText(input.value).then(copied, function () {
        if (copyWithSelection()) {
          copied();
        } else {
          notCopied();
        }
      });
    } else if (copyWithSelection()) {
      copied();
    } else {
      notCopied();
    }
  });
})();
