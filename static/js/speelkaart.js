/*
 * Wijkportaal Delft — the play-space map (progressive enhancement).
 *
 * Usage (templates/speelkaart/kaart.html and detail.html), after Leaflet:
 *     {% include "components/leaflet_js.html" %}
 *     <script src="{% static 'js/speelkaart.js' %}" defer></script>
 *
 * Three parts, each doing nothing when its markup is absent:
 *
 * 1. "Use my location" ([data-speelkaart-filter]): the button is shown only when the browser
 *    has geolocation, and asks for the location only when pressed. The position fills the
 *    form's hidden lat/lon fields, the neighbourhood and address fields are emptied (they would
 *    win over the location), and the form is sent: the server sorts the list by distance.
 * 2. The overview map ([data-speelkaart], in a hidden [data-speelkaart-blok]): fetches the
 *    filtered play spaces from data-geojson-url (the same filters as the list below it) and
 *    shows each as a keyboard-focusable marker named after the play space (Leaflet:
 *    keyboard: true, title, alt, plus aria-label). Enter or a click opens a popup with a link
 *    to the play space; focus moves to that link, Escape closes the popup and returns focus
 *    to the marker. Markers that would cover each other become one numbered group marker
 *    whose popup lists them (``Groepen``). The checkbox [data-wensen-schakelaar] adds or
 *    removes the published wishes (data-wensen-url, fetched once) as diamond markers. With
 *    data-punt-lat/-lon a ring marks the place the list is sorted from.
 * 3. A play space's small map ([data-speelplekkaart]): its point (data-lat/-lon) and, when
 *    known, its outline (data-omtrek: id of a json_script GeoJSON geometry). It only shows:
 *    the marker is no tab stop and the map itself is none (the text next to it says where).
 *
 * The map blocks stay hidden without Leaflet or fetch, and are hidden again when the data
 * cannot be loaded: the list on the page is the accessible alternative and names the same
 * play spaces. No inline script or style attribute (Content-Security-Policy): Leaflet and this
 * file only change styles through the CSSOM; texts are inserted as text, never as HTML.
 */
(function () {
  "use strict";

  var STIJL_OMTREK = { color: "#1d4f91", weight: 3, opacity: 1, fillColor: "#2f6bb5", fillOpacity: 0.2 };

  function getal(waarde, standaard) {
    var n = parseFloat(waarde);
    return isFinite(n) ? n : standaard;
  }

  function rustig() {
    return Boolean(
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches
    );
  }

  /* Only links to pages of this site. */
  function veiligeUrl(url) {
    if (!url) {
      return null;
    }
    try {
      var parsed = new URL(url, window.location.href);
      return parsed.origin === window.location.origin ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  /* Leaflet writes the attribution as HTML: the setting's text stays text. */
  function alsTekst(tekst) {
    var el = document.createElement("span");
    el.textContent = tekst;
    return el.innerHTML;
  }

  function element(tag, klasse, tekst) {
    var el = document.createElement(tag);
    if (klasse) {
      el.className = klasse;
    }
    if (tekst) {
      el.textContent = tekst;
    }
    return el;
  }

  function nieuweKaart(el, opties) {
    var L = window.L;
    var kalm = rustig();
    var kaart = L.map(el, {
      scrollWheelZoom: false, // scrolling the page never gets caught by the map
      keyboard: opties.keyboard !== false,
      zoomAnimation: !kalm,
      fadeAnimation: !kalm,
      markerZoomAnimation: !kalm,
      minZoom: 11,
      maxZoom: 19,
    });
    var tegels = el.getAttribute("data-tiles-url");
    if (tegels) {
      L.tileLayer(tegels, {
        maxZoom: 19,
        attribution: alsTekst(el.getAttribute("data-tiles-attribution") || ""),
      }).addTo(kaart);
    }
    return kaart;
  }

  function haalJson(url) {
    return window
      .fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json, application/json" },
      })
      .then(function (antwoord) {
        if (!antwoord.ok) {
          throw new Error("HTTP " + antwoord.status);
        }
        return antwoord.json();
      });
  }

  /* --- 1. "Use my location" ------------------------------------------------------------- */

  function initLocatie(form) {
    var blok = form.querySelector("[data-mijn-locatie]");
    var knop = form.querySelector("[data-mijn-locatie-knop]");
    var status = form.querySelector("[data-mijn-locatie-status]");
    if (!blok || !knop || !status || !navigator.geolocation || !form.elements.lat) {
      return;
    }
    blok.hidden = false;
    var bezig = false;
    knop.addEventListener("click", function () {
      if (bezig) {
        return;
      }
      bezig = true;
      status.textContent = knop.getAttribute("data-tekst-bezig") || "";
      navigator.geolocation.getCurrentPosition(
        function (positie) {
          form.elements.lat.value = positie.coords.latitude.toFixed(6);
          form.elements.lon.value = positie.coords.longitude.toFixed(6);
          ["buurt", "straat", "huisnummer"].forEach(function (naam) {
            if (form.elements[naam]) {
              form.elements[naam].value = "";
            }
          });
          form.submit();
        },
        function () {
          bezig = false;
          status.textContent = knop.getAttribute("data-tekst-fout") || "";
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  /* --- 2. The overview map -------------------------------------------------------------- */

  function naamVan(marker) {
    return marker.options.title || "";
  }

  /* Enter/click opens the popup: focus its link; Escape closes it and focus returns. */
  function toegankelijkePopup(marker, inhoud) {
    marker.bindPopup(inhoud, { autoPanPadding: [24, 24] });
    marker.on("add", function () {
      var el = marker.getElement();
      if (el) {
        el.setAttribute("aria-label", naamVan(marker));
        // A popup without a link leaves focus on the marker: Escape closes it from there too.
        el.addEventListener("keydown", function (event) {
          if (event.key === "Escape" && marker.isPopupOpen()) {
            event.preventDefault();
            marker.closePopup();
          }
        });
      }
    });
    marker.on("popupopen", function () {
      // Once the popup can take focus: Leaflet lays it out hidden, and with a transition on
      // every property (reduced motion shortens them, site.css) it stays hidden a frame or two.
      var link = inhoud.querySelector("a");
      var pogingen = 0;
      function focus() {
        if (!link || !document.body.contains(link)) {
          return;
        }
        if (window.getComputedStyle(link).visibility === "visible") {
          link.focus();
        } else if (pogingen++ < 30) {
          window.requestAnimationFrame(focus);
        }
      }
      window.requestAnimationFrame(focus);
    });
    marker.on("popupclose", function () {
      var actief = document.activeElement;
      if (!actief || actief === document.body || inhoud.contains(actief)) {
        var el = marker.getElement();
        if (el) {
          el.focus();
        }
      }
    });
    inhoud.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        marker.closePopup();
      }
    });
  }

  function popupSpeelplek(p, teksten) {
    var inhoud = element("div", "delft-speelkaart-popup");
    var titel = element("p", "delft-speelkaart-popup__titel");
    var url = veiligeUrl(p.url);
    if (url) {
      var link = element("a", "", p.naam);
      link.href = url;
      titel.appendChild(link);
    } else {
      titel.textContent = p.naam;
    }
    inhoud.appendChild(titel);
    inhoud.appendChild(element("p", "", [p.soort, p.status].filter(Boolean).join(" · ")));
    if (p.waardering_tekst) {
      inhoud.appendChild(element("p", "", p.waardering_tekst));
    }
    if (p.is_voorbeeld && teksten.voorbeeld) {
      var regel = element("p");
      regel.appendChild(element("span", "delft-badge", teksten.voorbeeld));
      inhoud.appendChild(regel);
    }
    return inhoud;
  }

  function popupWens(p, teksten) {
    var inhoud = element("div", "delft-speelkaart-popup");
    inhoud.appendChild(element("p", "delft-speelkaart-popup__titel", teksten.wens + ": " + p.titel));
    inhoud.appendChild(element("p", "", [p.soort, p.status].filter(Boolean).join(" · ")));
    if (p.steun_tekst) {
      inhoud.appendChild(element("p", "", p.steun_tekst));
    }
    var url = veiligeUrl(p.speelplek_url);
    if (url && p.speelplek) {
      var regel = element("p");
      var link = element("a", "", p.speelplek);
      link.href = url;
      regel.appendChild(link);
      inhoud.appendChild(regel);
    }
    return inhoud;
  }

  /*
   * Markers never cover each other (WCAG 2.5.8: every target keeps 24 px of its own).
   * At each zoom level, items closer than AFSTAND pixels form one group: a single item is
   * its own marker, a group is a numbered circle whose popup lists its items with links.
   * Every marker is anchored at its bottom centre and at most 34 px wide and 41 px high, so
   * anchors 54 px apart can never overlap. Play spaces at the very same spot (which no zoom
   * level separates) are reached through the group's list.
   */
  var AFSTAND = 54;

  function Groepen(L, kaart, teksten) {
    this.L = L;
    this.kaart = kaart;
    this.teksten = teksten;
    this.plekken = [];
    this.wensen = [];
    this.metWensen = false;
    this.laag = L.layerGroup().addTo(kaart);
    kaart.on("zoomend", this.teken, this);
  }

  Groepen.prototype.items = function () {
    return this.metWensen ? this.plekken.concat(this.wensen) : this.plekken;
  };

  Groepen.prototype.teken = function () {
    var kaart = this.kaart;
    var zoom = kaart.getZoom();
    var cellen = {};
    var groepen = [];
    this.items().forEach(function (item) {
      var pt = kaart.project(item.latlng, zoom);
      var cx = Math.floor(pt.x / AFSTAND);
      var cy = Math.floor(pt.y / AFSTAND);
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var cel = cellen[cx + dx + ":" + (cy + dy)] || [];
          for (var i = 0; i < cel.length; i++) {
            if (cel[i].pt.distanceTo(pt) < AFSTAND) {
              cel[i].items.push(item);
              return;
            }
          }
        }
      }
      var groep = { pt: pt, latlng: item.latlng, items: [item] };
      (cellen[cx + ":" + cy] = cellen[cx + ":" + cy] || []).push(groep);
      groepen.push(groep);
    });
    this.laag.clearLayers();
    groepen.forEach(function (groep) {
      var marker = groep.items.length === 1 ? this.marker(groep.items[0]) : this.groepMarker(groep);
      this.laag.addLayer(marker);
    }, this);
  };

  Groepen.prototype.marker = function (item) {
    var L = this.L;
    var p = item.p;
    var marker;
    if (item.soort === "wens") {
      marker = L.marker(item.latlng, {
        icon: L.divIcon({
          className: "delft-wensmarker",
          iconSize: [26, 26],
          iconAnchor: [13, 26],
          html: '<span class="delft-wensmarker__vorm"></span>',
        }),
        keyboard: true,
        title: this.teksten.wens + ": " + String(p.titel || ""),
      });
      toegankelijkePopup(marker, popupWens(p, this.teksten));
    } else {
      marker = L.marker(item.latlng, {
        keyboard: true,
        title: String(p.naam || ""),
        alt: String(p.naam || ""),
      });
      toegankelijkePopup(marker, popupSpeelplek(p, this.teksten));
    }
    return marker;
  };

  Groepen.prototype.groepMarker = function (groep) {
    var L = this.L;
    var teksten = this.teksten;
    var aantal = groep.items.length;
    var namen = groep.items.map(function (item) {
      return item.soort === "wens" ? teksten.wens + ": " + item.p.titel : item.p.naam;
    });
    var titel = teksten.groep.replace("{aantal}", String(aantal));
    var marker = L.marker(groep.latlng, {
      icon: L.divIcon({
        className: "delft-groepmarker",
        iconSize: [34, 34],
        iconAnchor: [17, 34],
        html: '<span class="delft-groepmarker__aantal">' + aantal + "</span>",
      }),
      keyboard: true,
      title: titel + ": " + namen.slice(0, 5).join(", ") + (aantal > 5 ? ", …" : ""),
    });
    marker.on("add", function () {
      var el = marker.getElement();
      if (el) {
        el.setAttribute("data-aantal", String(aantal));
      }
    });
    var inhoud = element("div", "delft-speelkaart-popup");
    inhoud.appendChild(element("p", "delft-speelkaart-popup__titel", titel));
    var lijst = element("ul", "delft-speelkaart-popup__lijst");
    groep.items.forEach(function (item, i) {
      var regel = element("li");
      var url = item.soort === "wens" ? null : veiligeUrl(item.p.url);
      if (url) {
        var link = element("a", "", namen[i]);
        link.href = url;
        regel.appendChild(link);
      } else {
        regel.textContent = namen[i];
      }
      lijst.appendChild(regel);
    });
    inhoud.appendChild(lijst);
    toegankelijkePopup(marker, inhoud);
    return marker;
  };

  function alsItems(data, soort) {
    return ((data && data.features) || [])
      .filter(function (f) {
        return f.geometry && f.geometry.type === "Point";
      })
      .map(function (f) {
        var c = f.geometry.coordinates;
        return { soort: soort, latlng: window.L.latLng(c[1], c[0]), p: f.properties || {} };
      });
  }

  function initOverzicht(el) {
    var L = window.L;
    var blok = el.closest("[data-speelkaart-blok]") || el;
    var url = el.getAttribute("data-geojson-url");
    if (typeof L === "undefined" || typeof window.fetch !== "function" || !url) {
      blok.hidden = true;
      return;
    }
    var teksten = {
      voorbeeld: el.getAttribute("data-tekst-voorbeeld") || "",
      wens: el.getAttribute("data-tekst-wens") || "",
      hier: el.getAttribute("data-tekst-hier") || "",
      groep: el.getAttribute("data-tekst-groep") || "{aantal}",
    };
    blok.hidden = false;
    var kaart = nieuweKaart(el, {});
    kaart.setView(
      [getal(el.getAttribute("data-center-lat"), 52.0116), getal(el.getAttribute("data-center-lon"), 4.3571)],
      getal(el.getAttribute("data-zoom"), 13)
    );
    var groepen = new Groepen(L, kaart, teksten);

    function mislukt() {
      kaart.remove();
      blok.hidden = true;
    }

    var punt = null;
    var puntLat = getal(el.getAttribute("data-punt-lat"), null);
    var puntLon = getal(el.getAttribute("data-punt-lon"), null);
    if (puntLat !== null && puntLon !== null) {
      punt = [puntLat, puntLon];
      // Below the markers (the shadow pane), and no target: it only shows.
      L.marker(punt, {
        icon: L.divIcon({ className: "delft-hiermarker", iconSize: [20, 20], html: "" }),
        keyboard: false,
        interactive: false,
        pane: "shadowPane",
        title: teksten.hier + ": " + (el.getAttribute("data-punt-naam") || ""),
      }).addTo(kaart);
    }

    haalJson(url)
      .then(function (data) {
        groepen.plekken = alsItems(data, "plek");
        var grenzen = L.latLngBounds(
          groepen.plekken.map(function (item) {
            return item.latlng;
          })
        );
        if (punt) {
          grenzen.extend(punt);
        }
        if (groepen.plekken.length) {
          kaart.fitBounds(grenzen, { padding: [32, 32], maxZoom: 16, animate: false });
        } else if (punt) {
          kaart.setView(punt, 15, { animate: false });
        }
        kaart.invalidateSize();
        groepen.teken();
        el.setAttribute("data-geladen", "true");
      })
      .catch(mislukt);

    var schakelaar = document.querySelector("[data-wensen-schakelaar]");
    var wensenUrl = el.getAttribute("data-wensen-url");
    if (!schakelaar || !wensenUrl) {
      return;
    }
    var geladen = false;
    schakelaar.checked = false;
    schakelaar.addEventListener("change", function () {
      groepen.metWensen = schakelaar.checked;
      if (!schakelaar.checked || geladen) {
        groepen.teken();
        return;
      }
      haalJson(wensenUrl)
        .then(function (data) {
          geladen = true;
          groepen.wensen = alsItems(data, "wens");
          groepen.teken();
        })
        .catch(function () {
          schakelaar.checked = false;
          groepen.metWensen = false;
        });
    });
  }

  /* --- 3. A play space's small map ------------------------------------------------------ */

  function geometrie(id) {
    var el = id ? document.getElementById(id) : null;
    if (!el) {
      return null;
    }
    try {
      var data = JSON.parse(el.textContent);
      return data && data.type ? data : null;
    } catch (e) {
      return null;
    }
  }

  function initKlein(el) {
    var L = window.L;
    var blok = el.closest("[data-speelplekkaart]") || el;
    var lat = getal(el.getAttribute("data-lat"), null);
    var lon = getal(el.getAttribute("data-lon"), null);
    if (typeof L === "undefined" || lat === null || lon === null) {
      return;
    }
    blok.hidden = false;
    var kaart = nieuweKaart(el, { keyboard: false });
    var punt = [lat, lon];
    L.marker(punt, {
      keyboard: false,
      interactive: false,
      alt: el.getAttribute("data-naam") || "",
    }).addTo(kaart);
    var omtrek = geometrie(el.getAttribute("data-omtrek"));
    var grenzen = omtrek ? L.geoJSON(omtrek, { style: STIJL_OMTREK, interactive: false }).addTo(kaart).getBounds() : null;
    if (grenzen && grenzen.isValid()) {
      grenzen.extend(punt);
      kaart.fitBounds(grenzen, { padding: [16, 16], maxZoom: 18, animate: false });
    } else {
      kaart.setView(punt, 17, { animate: false });
    }
  }

  function probeer(el, init, blokSelector) {
    try {
      init(el);
    } catch (e) {
      var blok = el.closest(blokSelector);
      if (blok) {
        blok.hidden = true; // the list or the text next to the map remains
      }
    }
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-speelkaart-filter]"), initLocatie);
    Array.prototype.forEach.call(document.querySelectorAll("[data-speelkaart]"), function (el) {
      probeer(el, initOverzicht, "[data-speelkaart-blok]");
    });
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-speelplekkaart] .delft-kaart"),
      function (el) {
        probeer(el, initKlein, "[data-speelplekkaart]");
      }
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
