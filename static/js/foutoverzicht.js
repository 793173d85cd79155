// Focus the error summary of an admin form after a failed submit (WCAG 3.3.1): keyboard and
// screen-reader users land on the list of errors, each linking to its field.
(function () {
    "use strict";
    var overzicht = document.getElementById("foutoverzicht");
    if (overzicht) {
        overzicht.focus();
    }
})();
