/*
 * Location picker: a point chosen on a Leaflet map fills two inputs (latitude, longitude).
 * One picker for every form that asks for a place: step 2 of the application form
 * (templates/participatie/stappen/_locatie.html) and the admin's play-space form
 * (speelkaart/widgets.py, templates/speelkaart/admin/locatiekiezer.html).
 *
 * Usage: <div data-locatiekiezer data-lat-input="id" data-lon-input="id" hidden
 *             data-tiles-url="…" data-tiles-attribution="…"
 *             data-center-lat="52.0" data-center-lon="4.36" data-zoom="13"
 *             data-geojson-url="/gebieden/wijken.geojson" data-wijken="tanthof buitenhof"
 *             data-buurt-url="/gebieden/buurt-bij-punt/" data-buurt-lijst="id_buurt"
 *             data-label-gekozen="Chosen on the map:"
 *             data-label-buurt="neighbourhood {buurt} (district {wijk})"
 *             data-label-gewist="…" data-label-toetsenbord="…">
 *          <div class="delft-locatiekiezer__kaart" role="application" aria-label="…"></div>
 *          <p class="delft-locatiekiezer__status" aria-live="polite"></p>
 *          <button type="button" class="delft-locatiekiezer__wissen" hidden>…</button>
 *        </div>
 *
 * - Mouse: a click on the map places the point.
 * - Keyboard (WCAG 2.1.1): the map is a tab stop (Leaflet's keyboard handler gives it
 *   tabindex 0) and shows a cross at its centre while it has keyboard focus; the arrow keys move
 *   the map, + and − zoom, Enter or Space places the point under the cross.
 *   data-label-toetsenbord says so in a caption under the map, which is also the map's
 *   description (aria-describedby).
 * - Either way the two inputs are filled, a marker shows the point and the status line
 *   (aria-live) names the neighbourhood (data-buurt-url) or says why there is none; the button
 *   (optional) clears the point. Inputs that people can type in (the admin's) move the marker.
 * - data-geojson-url: district outlines for orientation (not clickable, so a click always lands
 *   on the map); without a point the map fits them, or only the districts named in
 *   data-wijken (slugs, space-separated: e.g. a coordinator's own).
 * - data-buurt-lijst (optional): the id of a neighbourhood <select>, the no-JavaScript
 *   alternative; choosing from it clears the point.
 * Without Leaflet the block stays hidden and the inputs work on their own. No inline script or
 * style attribute (Content-Security-Policy): styles are set through the CSSOM.
 */
(function () {
  "use strict";

  var HOOGTE = "20rem"; // for pages without our stylesheet (the Wagtail admin)
  var SVG = "http://www.w3.org/2000/svg";
  var volgnummer = 0;

  function focusZichtbaar(element) {
    try {
      return element.matches(":focus-visible");
    } catch (e) {
      return true; // an older browser: show the cross on every focus
    }
  }

  // A cross at the map's centre (where Enter places the point): white under dark, visible on
  // tiles and outlines alike. Decorative: the description says what it is for.
  function maakKruis(kaartEl) {
    var kruis = document.createElementNS(SVG, "svg");
    kruis.setAttribute("class", "delft-locatiekiezer__kruis");
    kruis.setAttribute("viewBox", "0 0 32 32");
    kruis.setAttribute("width", "32");
    kruis.setAttribute("height", "32");
    kruis.setAttribute("aria-hidden", "true");
    kruis.setAttribute("focusable", "false");
    [["#ffffff", "6"], ["#1d1d1b", "2"]].forEach(function (lijn) {
      var pad = document.createElementNS(SVG, "path");
      pad.setAttribute("d", "M16 1v12M16 19v12M1 16h12M19 16h12");
      pad.setAttribute("stroke", lijn[0]);
      pad.setAttribute("stroke-width", lijn[1]);
      pad.setAttribute("fill", "none");
      kruis.appendChild(pad);
    });
    var stijl = kruis.style;
    stijl.position = "absolute";
    stijl.left = "50%";
    stijl.top = "50%";
    stijl.margin = "-16px 0 0 -16px";
    stijl.zIndex = "700"; // above Leaflet's markers (600), below its controls (800)
    stijl.pointerEvents = "none";
    stijl.display = "none";
    kaartEl.appendChild(kruis);
    return kruis;
  }

  function init(el) {
    if (typeof L === "undefined") return;
    var latInput = document.getElementById(el.dataset.latInput);
    var lonInput = document.getElementById(el.dataset.lonInput);
    var status = el.querySelector(".delft-locatiekiezer__status");
    var kaartEl = el.querySelector(".delft-locatiekiezer__kaart");
    var wisKnop = el.querySelector(".delft-locatiekiezer__wissen");
    if (!latInput || !lonInput || !kaartEl) return;
    el.hidden = false;
    if (!kaartEl.clientHeight) kaartEl.style.height = HOOGTE;

    // The keyboard instructions: a caption right under the map (in view whenever the map has
    // focus, and the map keeps its place on the page) and the map's description.
    if (el.dataset.labelToetsenbord) {
      var uitleg = document.createElement("p");
      uitleg.className = "utrecht-paragraph delft-locatiekiezer__uitleg";
      uitleg.id = "locatiekiezer-uitleg-" + ++volgnummer;
      uitleg.textContent = el.dataset.labelToetsenbord;
      kaartEl.parentNode.insertBefore(uitleg, kaartEl.nextSibling);
      var beschreven = kaartEl.getAttribute("aria-describedby");
      kaartEl.setAttribute("aria-describedby", beschreven ? beschreven + " " + uitleg.id : uitleg.id);
    }

    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    var heeftPunt = !isNaN(lat) && !isNaN(lon);
    var centrum = heeftPunt ? [lat, lon] : [parseFloat(el.dataset.centerLat), parseFloat(el.dataset.centerLon)];
    var map = L.map(kaartEl, { scrollWheelZoom: false }).setView(centrum, heeftPunt ? 16 : parseInt(el.dataset.zoom, 10) || 13);
    if (el.dataset.tilesUrl) {
      L.tileLayer(el.dataset.tilesUrl, { attribution: el.dataset.tilesAttribution || "", maxZoom: 19 }).addTo(map);
    }
    // The marker only shows the point: no tab stop of its own, and a click on it is a click on
    // the map (a new point there).
    var markerOpties = { keyboard: false, interactive: false };
    var marker = heeftPunt ? L.marker([lat, lon], markerOpties).addTo(map) : null;
    var vraag = 0; // only the answer to the latest choice may set the status
    var zelf = false; // true while this script changes the inputs
    var kruis = maakKruis(kaartEl);
    if (wisKnop) { wisKnop.hidden = !marker; }

    function meld(tekst) {
      if (status) { status.textContent = tekst; }
    }

    function meldWijziging() {
      // For listeners such as an "unsaved changes" warning; ignored by uitInvoer below.
      zelf = true;
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      lonInput.dispatchEvent(new Event("change", { bubbles: true }));
      zelf = false;
    }

    function zetMarker(p) {
      if (marker) { marker.setLatLng(p); } else { marker = L.marker(p, markerOpties).addTo(map); }
      if (wisKnop) { wisKnop.hidden = false; }
    }

    function wisPunt(melding) {
      vraag++;
      latInput.value = "";
      lonInput.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      if (wisKnop) { wisKnop.hidden = true; }
      meld(melding);
      meldWijziging();
    }

    // "Chosen on the map: neighbourhood X (district Y)", or why there is no neighbourhood.
    function noemBuurt(p) {
      var gekozen = (el.dataset.labelGekozen || "") + " ";
      var coordinaten = gekozen + p.lat.toFixed(5) + ", " + p.lng.toFixed(5);
      if (!el.dataset.buurtUrl || !window.fetch) { meld(coordinaten); return; }
      var deze = ++vraag;
      var url = el.dataset.buurtUrl + "?lat=" + p.lat.toFixed(6) + "&lon=" + p.lng.toFixed(6);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          if (deze !== vraag) return;
          if (data.buurt) {
            var tekst = (el.dataset.labelBuurt || "{buurt} ({wijk})")
              .replace("{buurt}", function () { return data.buurt; })
              .replace("{wijk}", function () { return data.wijk; });
            meld(gekozen + tekst);
          } else {
            meld(gekozen + (data.fout || ""));
          }
        })
        .catch(function () { if (deze === vraag) meld(coordinaten); });
    }

    function kies(p) {
      latInput.value = p.lat.toFixed(6);
      lonInput.value = p.lng.toFixed(6);
      zetMarker(p);
      noemBuurt(p);
      meldWijziging();
    }

    // Coordinates typed into visible inputs move the marker (and are named like a choice).
    function uitInvoer() {
      if (zelf) return;
      var la = parseFloat(latInput.value);
      var lo = parseFloat(lonInput.value);
      if (isNaN(la) || isNaN(lo)) return;
      var p = L.latLng(la, lo);
      zetMarker(p);
      map.panTo(p);
      noemBuurt(p);
    }
    latInput.addEventListener("change", uitInvoer);
    lonInput.addEventListener("change", uitInvoer);

    if (el.dataset.geojsonUrl && window.fetch) {
      var wijken = (el.dataset.wijken || "").split(/\s+/).filter(Boolean);
      fetch(el.dataset.geojsonUrl, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) return;
          var laag = L.geoJSON(data, {
            interactive: false,
            style: { color: "#1d4f91", weight: 2, fillOpacity: 0.05 }
          }).addTo(map);
          if (heeftPunt) return;
          var grenzen = null;
          laag.eachLayer(function (vlak) {
            var slug = vlak.feature && vlak.feature.properties && vlak.feature.properties.slug;
            if (wijken.indexOf(slug) < 0) return;
            if (grenzen) { grenzen.extend(vlak.getBounds()); } else { grenzen = L.latLngBounds([vlak.getBounds()]); }
          });
          map.fitBounds(grenzen || laag.getBounds());
        })
        .catch(function () { /* the inputs or the neighbourhood list remain */ });
    }

    // Choosing a neighbourhood from the list replaces a point chosen on the map.
    var buurtLijst = el.dataset.buurtLijst ? document.getElementById(el.dataset.buurtLijst) : null;
    if (buurtLijst) {
      buurtLijst.addEventListener("change", function () {
        if (buurtLijst.value) wisPunt("");
      });
    }

    // The button disappears with the point: focus goes to the map, just before it.
    if (wisKnop) {
      wisKnop.addEventListener("click", function () {
        wisPunt(el.dataset.labelGewist || "");
        kaartEl.focus();
      });
    }

    map.on("click", function (event) { kies(event.latlng); });

    // The keyboard: the cross while the map has keyboard focus; Enter or Space chooses the
    // place under it. Keys on the zoom buttons and links inside the map keep their own meaning.
    kaartEl.addEventListener("focus", function () {
      kruis.style.display = focusZichtbaar(kaartEl) ? "block" : "none";
    });
    kaartEl.addEventListener("blur", function () { kruis.style.display = "none"; });
    kaartEl.addEventListener("keydown", function (event) {
      if (event.target !== kaartEl || event.altKey || event.ctrlKey || event.metaKey) return;
      kruis.style.display = "block";
      if (event.key === "Enter" || event.key === " " || event.key === "Spacebar") {
        event.preventDefault(); // no page scroll on Space
        kies(map.getCenter());
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var kiezers = document.querySelectorAll("[data-locatiekiezer]");
    for (var i = 0; i < kiezers.length; i++) { init(kiezers[i]); }
  });
})();
