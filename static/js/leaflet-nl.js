/*
 * Leaflet's own control texts in Dutch (zoom buttons, attribution prefix, marker alt text).
 *
 * Usage: after Leaflet and before the script that creates the map, all deferred so they run
 * in document order; templates/components/leaflet_js.html loads both:
 *     {% include "components/leaflet_js.html" %}
 *     <script src="{% static 'js/locatiekiezer.js' %}" defer></script>
 * (static/js/wijkkaart.js loads Leaflet and this file itself, in the same order.)
 * Changes the defaults of Leaflet's classes, so every map created afterwards (with L.map or
 * django-leaflet) gets them. No inline script: the Content-Security-Policy forbids it.
 */
(function () {
  "use strict";

  var L = window.L;
  if (typeof L === "undefined") {
    return;
  }

  // Title and accessible name (aria-label) of the zoom buttons.
  L.Control.Zoom.mergeOptions({
    zoomInTitle: "Inzoomen",
    zoomOutTitle: "Uitzoomen",
  });

  // "Leaflet" link in the attribution: translate only its title, keep the rest as Leaflet has it.
  var prefix = L.Control.Attribution.prototype.options.prefix;
  if (typeof prefix === "string") {
    L.Control.Attribution.mergeOptions({
      prefix: prefix.replace(
        'title="A JavaScript library for interactive maps"',
        'title="Een JavaScript-bibliotheek voor interactieve kaarten"'
      ),
    });
  }

  // Alternative text of marker icons (Leaflet's default is "Marker").
  L.Marker.mergeOptions({ alt: "Markering" });

  // Marker images under their hashed static names (templates/components/leaflet_js.html).
  // Leaflet finds them through leaflet.css, expecting ".../marker-icon.png"; the manifest
  // storage renames the file, and Leaflet would then look for it next to the page.
  var script = document.currentScript;
  if (script && script.dataset.markerIcon) {
    L.Icon.Default.imagePath = "";
    L.Icon.Default.mergeOptions({
      iconUrl: script.dataset.markerIcon,
      iconRetinaUrl: script.dataset.markerIconRetina,
      shadowUrl: script.dataset.markerShadow,
    });
  }
})();
