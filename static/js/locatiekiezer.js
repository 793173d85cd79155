/*
 * Location picker: progressive enhancement for step 2 of the application form.
 * Usage: <div data-locatiekiezer data-lat-input="id" data-lon-input="id" data-tiles-url="…" …>
 *          <div class="delft-locatiekiezer__kaart"></div><p class="delft-locatiekiezer__status"></p>
 *        </div>
 * Clicking the map fills the two hidden inputs; the neighbourhood list stays the keyboard and
 * no-JavaScript alternative. No inline script: the Content-Security-Policy forbids it.
 */
(function () {
  "use strict";

  function init(el) {
    if (typeof L === "undefined") return;
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var status = el.querySelector(".delft-locatiekiezer__status");
    var kaartEl = el.querySelector(".delft-locatiekiezer__kaart");
    if (!latInput || !lonInput || !kaartEl) return;
    el.hidden = false;

    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    var heeftPunt = !isNaN(lat) && !isNaN(lon);
    var centrum = heeftPunt ? [lat, lon] : [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon)];
    var map = L.map(kaartEl, { scrollWheelZoom: false }).setView(centrum, heeftPunt ? 16 : parseInt(el.dataset.zoom, 10) || 13);
    if (el.dataset.tilesUrl) {
      L.tileLayer(el.dataset.tilesUrl, { attribution: el.dataset.tilesAttribution || "", maxZoom: 19 }).addTo(map);
    }
    var marker = heeftPunt ? L.marker([lat, lon]).addTo(map) : null;

    // District outlines for orientation (also when no tiles are configured); not clickable,
    // so a click always lands on the map itself.
    if (el.dataset.geojsonUrl && window.fetch) {
      fetch(el.dataset.geojsonUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var laag = L.geoJSON(data, {
            interactive: false,
            style: { color: "#1d4f91", weight: 2, fillOpacity: 0.05 }
          }).addTo(map);
          if (!heeftPunt) map.fitBounds(laag.getBounds());
        })
        .catch(function () { /* the neighbourhood list remains */ });
    }

    // Choosing a neighbourhood from the list replaces a point chosen on the map.
    var buurtLijst = document.getElementById("id_buurt");
    if (buurtLijst) {
      buurtLijst.addEventListener("change", function () {
        if (!buurtLijst.value) return;
        latInput.value = "";
        lonInput.value = "";
        if (marker) { map.removeLayer(marker); marker = null; }
        if (status) { status.textContent = ""; }
      });
    }

    map.on("click", function (event) {
      var p = event.latlng;
      latInput.value = p.lat.toFixed(6);
      lonInput.value = p.lng.toFixed(6);
      if (marker) { marker.setLatLng(p); } else { marker = L.marker(p).addTo(map); }
      if (status) {
        status.textContent = (el.dataset.labelGekozen || "") + " " + p.lat.toFixed(5) + ", " + p.lng.toFixed(5);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var kiezers = document.querySelectorAll("[data-locatiekiezer]");
    for (var i = 0; i < kiezers.length; i++) { init(kiezers[i]); }
  });
})();
