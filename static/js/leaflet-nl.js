/*
 * Leaflet's own control texts in Dutch (zoom buttons, attribution prefix, marker alt text).
 *
 * Usage: load after Leaflet ({% leaflet_js %}) and before the script that creates the map,
 * both deferred so they run in document order:
 *     {% leaflet_js %}
 *     <script src="{% static 'js/leaflet-nl.js' %}" defer></script>
 *     <script src="{% static 'js/wijkkaart.js' %}" defer></script>
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
})();
