/*
 * Wijkportaal Delft — small site-wide enhancements (loaded with defer from
 * templates/base.html). No inline script, no framework.
 *
 * - After a failed form submit, move focus to the error summary
 *   (components/error_summary.html, [data-error-summary]) so keyboard and
 *   screen reader users land on the list of problems.
 * - Error summary links focus the control and scroll its label into view.
 */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && typeof summary.focus === "function") {
      summary.focus();
    }
  }

  function enhanceSummaryLinks() {
    var links = document.querySelectorAll("[data-error-summary] a[href^='#']");
    Array.prototype.forEach.call(links, function (link) {
      link.addEventListener("click", function (event) {
        var id = decodeURIComponent(link.getAttribute("href").slice(1));
        var control = document.getElementById(id);
        if (!control) {
          return;
        }
        event.preventDefault();
        var wrapper = control.closest("fieldset, .utrecht-form-field") || control;
        wrapper.scrollIntoView();
        control.focus({ preventScroll: true });
      });
    });
  }

  function init() {
    enhanceSummaryLinks();
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
