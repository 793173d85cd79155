/*
 * Review queue: the location of an item on a map (the detail screen in the Wagtail admin).
 *
 * Usage (templates/participatie/admin/aanvraag_extra.html; the page loads Leaflet first, see
 * templates/participatie/admin/wachtrij_detail.html):
 *     {{ vlak|json_script:"aanvraag-buurtgrens" }}
 *     <div data-wachtrijkaart data-vlak="aanvraag-buurtgrens" data-vlak-naam="…"
 *          data-lat="52.0" data-lon="4.36" data-tiles-url="…" data-tiles-attribution="…" hidden>
 *       <div class="wachtrijkaart__kaart" role="application" aria-label="…"
 *            aria-describedby="id of the text alternative"></div>
 *     </div>
 *
 * data-vlak: id of a json_script element with a GeoJSON geometry (the neighbourhood's
 * boundary), drawn and fitted to; data-lat/data-lon (both or neither): the point, a marker.
 * Only shows: no click does anything, the marker is no tab stop, and Tab moves on past the
 * map (Leaflet handles only arrow keys and +/- while the map has focus). The text next to the
 * map says the same; without Leaflet the block stays hidden. No inline script or style
 * attribute (Content-Security-Policy): Leaflet and this file set styles through the CSSOM.
 */
(function () {
  "use strict";

  var HOOGTE = "20rem"; // the admin has no stylesheet of ours
  var STIJL_VLAK = { color: "#1d4f91", weight: 3, opacity: 1, fillColor: "#2f6bb5", fillOpacity: 0.15 };

  function getal(waarde) {
    var n = parseFloat(waarde);
    return isFinite(n) ? n : null;
  }

  function geometrie(id) {
    var el = id ? document.getElementById(id) : null;
    if (!el) return null;
    try {
      var data = JSON.parse(el.textContent);
      return data && data.type ? data : null;
    } catch (e) {
      return null;
    }
  }

  function init(blok) {
    var L = window.L;
    var kaartEl = blok.querySelector(".wachtrijkaart__kaart");
    if (typeof L === "undefined" || !kaartEl) return;
    var vlak = geometrie(blok.dataset.vlak);
    var lat = getal(blok.dataset.lat);
    var lon = getal(blok.dataset.lon);
    var punt = lat !== null && lon !== null ? [lat, lon] : null;
    if (!vlak && !punt) return;

    blok.hidden = false;
    kaartEl.style.height = HOOGTE;
    var rustig = Boolean(
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches
    );
    var map = L.map(kaartEl, {
      scrollWheelZoom: false, // scrolling the page never gets caught by the map
      zoomAnimation: !rustig,
      fadeAnimation: !rustig,
      markerZoomAnimation: !rustig,
    });
    if (blok.dataset.tilesUrl) {
      L.tileLayer(blok.dataset.tilesUrl, {
        attribution: blok.dataset.tilesAttribution || "",
        maxZoom: 19,
      }).addTo(map);
    }

    var laag = null;
    if (vlak) {
      laag = L.geoJSON(vlak, { style: STIJL_VLAK }).addTo(map);
      if (blok.dataset.vlakNaam) {
        var naam = document.createElement("span");
        naam.textContent = blok.dataset.vlakNaam;
        laag.bindTooltip(naam, { sticky: true });
      }
    }
    if (punt) {
      L.marker(punt, { keyboard: false, interactive: false }).addTo(map);
    }

    var grenzen = laag && laag.getBounds();
    if (grenzen && grenzen.isValid()) {
      if (punt) grenzen.extend(punt); // a point just outside the boundary stays in view
      map.fitBounds(grenzen, { padding: [12, 12], animate: false });
    } else if (punt) {
      map.setView(punt, 16, { animate: false });
    }
  }

  function initAlles() {
    var blokken = document.querySelectorAll("[data-wachtrijkaart]");
    for (var i = 0; i < blokken.length; i++) {
      try {
        init(blokken[i]);
      } catch (e) {
        blokken[i].hidden = true; // the text alternative remains
      }
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAlles);
  } else {
    initAlles();
  }
})();
