/*
 * Wijkportaal Delft — district map (progressive enhancement).
 *
 * Markup: templates/components/map.html. No framework, no inline script, no
 * inline style attributes (CSP-safe): Leaflet only changes styles through the
 * CSSOM, and its files are loaded as same-origin <link>/<script> elements.
 *
 * For every .delft-kaart element, once its section comes within 600px of the
 * viewport (at once without IntersectionObserver):
 *   - load Leaflet's stylesheet, Leaflet and leaflet-nl.js from the element's
 *     data-leaflet-css / data-leaflet-js / data-leaflet-nl-js (once per page;
 *     not at all when the page has Leaflet already),
 *   - unhide the surrounding [data-kaart-blok] and create a Leaflet map,
 *   - add a tile layer only when data-tiles-url is non-empty,
 *   - fetch the GeoJSON FeatureCollection from data-geojson-url and draw it:
 *     properties.naam (tooltip), properties.url or the href of the page's
 *     a[data-kaart-slug=properties.slug] (navigate on click, same origin
 *     only), properties.is_aandachtsbuurt (dashed + hatched style),
 *     properties.soort ("wijk" | "buurt"),
 *   - fit the map to the data.
 * If Leaflet cannot be loaded or the fetch fails, the block stays/gets hidden
 * and the HTML list (the accessible alternative) remains.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var PATTERN_ID = "delft-kaart-arcering";

  var STYLE_WIJK = {
    color: "#1d4f91",
    weight: 3,
    opacity: 1,
    fillColor: "#2f6bb5",
    fillOpacity: 0.15,
  };
  var STYLE_BUURT = {
    color: "#1d4f91",
    weight: 2,
    opacity: 1,
    fillColor: "#2f6bb5",
    fillOpacity: 0.2,
  };
  var STYLE_AANDACHT = {
    color: "#863d15",
    weight: 3,
    opacity: 1,
    dashArray: "8 6",
    fillColor: "#863d15",
    fillOpacity: 0.35,
  };

  function prefersReducedMotion() {
    return Boolean(
      window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches
    );
  }

  function toNumber(value, fallback) {
    var n = parseFloat(value);
    return isFinite(n) ? n : fallback;
  }

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&#39;");
  }

  /* Only follow links to pages of this site. */
  function safeUrl(url) {
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

  /* One hidden <svg> with the hatch pattern used by .delft-kaart__vlak--aandacht. */
  function ensureHatchPattern() {
    if (document.getElementById(PATTERN_ID)) {
      return;
    }
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "delft-kaart-patroon");
    svg.setAttribute("width", "0");
    svg.setAttribute("height", "0");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var defs = document.createElementNS(SVG_NS, "defs");
    var pattern = document.createElementNS(SVG_NS, "pattern");
    pattern.setAttribute("id", PATTERN_ID);
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "8");
    pattern.setAttribute("height", "8");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var background = document.createElementNS(SVG_NS, "rect");
    background.setAttribute("width", "8");
    background.setAttribute("height", "8");
    background.setAttribute("fill", "#ffeee1");
    var line = document.createElementNS(SVG_NS, "rect");
    line.setAttribute("width", "3");
    line.setAttribute("height", "8");
    line.setAttribute("fill", "#863d15");
    pattern.appendChild(background);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.appendChild(defs);
    document.body.appendChild(svg);
  }

  function styleFor(feature) {
    var props = (feature && feature.properties) || {};
    var base;
    var className = "delft-kaart__vlak";
    if (props.is_aandachtsbuurt === true) {
      base = STYLE_AANDACHT;
      className += " delft-kaart__vlak--aandacht";
    } else if (props.soort === "wijk") {
      base = STYLE_WIJK;
      className += " delft-kaart__vlak--wijk";
    } else {
      base = STYLE_BUURT;
      className += " delft-kaart__vlak--buurt";
    }
    var style = {};
    Object.keys(base).forEach(function (key) {
      style[key] = base[key];
    });
    style.className = className;
    return style;
  }

  /* slug -> href of the links with data-kaart-slug (e.g. the list of districts). */
  function linksPerSlug() {
    var links = {};
    Array.prototype.forEach.call(document.querySelectorAll("a[data-kaart-slug]"), function (a) {
      links[a.getAttribute("data-kaart-slug")] = a.href;
    });
    return links;
  }

  function initMap(el) {
    var block = el.closest("[data-kaart-blok]") || el;
    var links = linksPerSlug();
    var geojsonUrl = el.getAttribute("data-geojson-url");
    if (typeof window.L === "undefined" || !geojsonUrl) {
      block.hidden = true;
      return;
    }
    var L = window.L;

    block.hidden = false;

    var reduceMotion = prefersReducedMotion();
    var center = [
      toNumber(el.getAttribute("data-center-lat"), 52.0116),
      toNumber(el.getAttribute("data-center-lon"), 4.3571),
    ];
    var zoom = toNumber(el.getAttribute("data-zoom"), 13);
    var minZoom = toNumber(el.getAttribute("data-min-zoom"), 11);
    var maxZoom = toNumber(el.getAttribute("data-max-zoom"), 18);
    var labelAandacht = el.getAttribute("data-label-aandachtsbuurt") || "";

    var map = L.map(el, {
      scrollWheelZoom: false,
      zoomSnap: 0.5,
      minZoom: minZoom,
      maxZoom: maxZoom,
      zoomAnimation: !reduceMotion,
      fadeAnimation: !reduceMotion,
      markerZoomAnimation: !reduceMotion,
    });
    map.setView(center, zoom);

    var tilesUrl = el.getAttribute("data-tiles-url");
    if (tilesUrl) {
      L.tileLayer(tilesUrl, {
        minZoom: minZoom,
        maxZoom: maxZoom,
        attribution: escapeHtml(el.getAttribute("data-tiles-attribution") || ""),
      }).addTo(map);
    }

    ensureHatchPattern();

    function fail() {
      map.remove();
      block.hidden = true;
    }

    if (typeof window.fetch !== "function") {
      fail();
      return;
    }

    window
      .fetch(geojsonUrl, {
        credentials: "same-origin",
        headers: { Accept: "application/geo+json, application/json" },
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: styleFor,
          onEachFeature: function (feature, featureLayer) {
            var props = feature.properties || {};
            var name = props.naam ? String(props.naam) : "";
            if (name) {
              var tip = document.createElement("span");
              tip.textContent =
                props.is_aandachtsbuurt === true && labelAandacht
                  ? name + " (" + labelAandacht + ")"
                  : name;
              featureLayer.bindTooltip(tip, { sticky: true, direction: "top" });
            }
            var target = safeUrl(props.url || (props.slug && links[props.slug]));
            featureLayer.on("mouseover", function () {
              var hover = styleFor(feature);
              hover.weight = (hover.weight || 2) + 2;
              delete hover.className;
              featureLayer.setStyle(hover);
            });
            featureLayer.on("mouseout", function () {
              layer.resetStyle(featureLayer);
            });
            if (target) {
              featureLayer.on("click", function () {
                window.location.assign(target);
              });
            }
          },
        }).addTo(map);

        var bounds = layer.getBounds();
        if (bounds && bounds.isValid()) {
          // No animation for the initial fit: the map simply opens on the data.
          map.fitBounds(bounds, { padding: [12, 12], animate: false });
        }
        map.invalidateSize();
      })
      .catch(fail);
  }

  var leaflet = null; // one load of Leaflet for every map on the page

  function laad(tag, attributen) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attributen).forEach(function (naam) {
        el[naam] = attributen[naam];
      });
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  function laadLeaflet(el) {
    if (typeof window.L !== "undefined") {
      return Promise.resolve();
    }
    if (!leaflet) {
      var css = el.getAttribute("data-leaflet-css");
      var js = el.getAttribute("data-leaflet-js");
      var nl = el.getAttribute("data-leaflet-nl-js");
      if (!css || !js) {
        return Promise.reject(new Error("no Leaflet URLs"));
      }
      leaflet = Promise.all([
        laad("link", { rel: "stylesheet", href: css }),
        laad("script", { src: js }).then(function () {
          return nl ? laad("script", { src: nl }) : null;
        }),
      ]);
    }
    return leaflet;
  }

  function start(el) {
    var block = el.closest("[data-kaart-blok]") || el;
    laadLeaflet(el).then(
      function () {
        try {
          initMap(el);
        } catch (e) {
          block.hidden = true;
        }
      },
      function () {
        block.hidden = true;
      }
    );
  }

  function initAll() {
    var maps = document.querySelectorAll(".delft-kaart");
    Array.prototype.forEach.call(maps, function (el) {
      if (!("IntersectionObserver" in window)) {
        start(el);
        return;
      }
      // The block itself is hidden (no size) until the map exists: watch its parent.
      var block = el.closest("[data-kaart-blok]") || el;
      var observer = new IntersectionObserver(
        function (entries) {
          if (entries.some(function (entry) { return entry.isIntersecting; })) {
            observer.disconnect();
            start(el);
          }
        },
        { rootMargin: "600px 0px" }
      );
      observer.observe(block.parentElement || block);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
