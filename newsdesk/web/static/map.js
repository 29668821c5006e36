// newsdesk map: offline country outlines (Natural Earth 1:110m, shipped) and pins that link to stories.
// No tile server: nothing leaves the machine. Pins are keyboard-focusable markers, also listed as links.
"use strict";

(function () {
  const box = document.getElementById("map");
  if (!box || !window.L) return;
  const map = L.map(box, { worldCopyJump: true, attributionControl: false, minZoom: 1 }).setView([30, 10], 2);
  const pins = L.layerGroup().addTo(map);
  const form = document.getElementById("map-filters");
  const list = document.getElementById("pin-list");
  let features = [];

  fetch("/static/geo/countries-110m.geojson").then(function (r) { return r.json(); }).then(function (geo) {
    L.geoJSON(geo, { interactive: false, style: { color: "#7a8794", weight: 0.7, fillColor: "#e9eef2", fillOpacity: 1 } })
      .addTo(map).bringToBack();
  });

  function keep(f) {
    if (!form) return true;
    const p = f.properties;
    const type = form.elements.type.value, since = form.elements.since.value, until = form.elements.until.value;
    if (type && p.type !== type) return false;
    if (since && (!p.date || p.date < since)) return false;
    if (until && (!p.date || p.date.slice(0, 10) > until)) return false;
    return true;
  }

  function popup(p) {
    const div = document.createElement("div");
    const strong = document.createElement("strong");
    strong.textContent = p.label + (p.type !== "PLACE" ? " · " + p.type : "") + (p.date ? " · " + p.date : "");
    const a = document.createElement("a");
    a.href = p.url;
    a.textContent = p.title;
    div.append(strong, document.createElement("br"), a);
    return div;
  }

  function draw() {
    pins.clearLayers();
    if (list) list.replaceChildren();
    const shown = features.filter(keep);
    const bounds = [];
    shown.forEach(function (f) {
      const [lon, lat] = f.geometry.coordinates, p = f.properties;
      const marker = L.marker([lat, lon], { title: p.label + ": " + p.title, alt: p.label, keyboard: true });
      marker.bindPopup(popup(p)).addTo(pins);
      const el = marker.getElement();
      if (el) { el.dataset.lat = lat; el.dataset.lon = lon; el.dataset.story = p.story; el.classList.add("pin"); }
      bounds.push([lat, lon]);
      if (list) {
        const li = document.createElement("li"), a = document.createElement("a");
        a.href = p.url;
        a.textContent = p.label + " · " + p.type + (p.date ? " · " + p.date : "") + " — " + p.title;
        li.appendChild(a);
        list.appendChild(li);
      }
    });
    if (list && !shown.length) {  // an empty map says why, rather than nothing at all
      const li = document.createElement("li");
      li.className = "empty hint";
      li.textContent = features.length
        ? "No pins match these filters."
        : "No pins yet: pins are the places of events in the newest developments of the stories.";
      list.appendChild(li);
    }
    if (bounds.length === 1) map.setView(bounds[0], 5);
    else if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 6 });
    box.dataset.shown = String(shown.length);
  }

  fetch(box.dataset.pins).then(function (r) { return r.json(); }).then(function (data) {
    features = data.features || [];
    if (form) {
      const types = Array.from(new Set(features.map(function (f) { return f.properties.type; }))).sort();
      types.forEach(function (t) { const o = document.createElement("option"); o.value = t; o.textContent = t; form.elements.type.append(o); });
      form.addEventListener("change", draw);
      form.addEventListener("submit", function (e) { e.preventDefault(); draw(); });
    }
    draw();
    box.dataset.ready = "yes";
  });
})();
