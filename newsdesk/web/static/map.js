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
  const POPUP_ITEMS = 8;
  const markers = new Map();  // a spot's marker by its pins' place names (lower case), for ?place=
  let quiet = false;  // a pin opened by the address keeps the focus where the page put it

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

  function line(p) {
    return p.label + " · " + p.type + (p.date ? " · " + p.date : "") + " — " + p.title;
  }

  function popup(group) {
    // one marker per spot: a city with hundreds of events had hundreds of markers stacked (seconds to draw)
    const div = document.createElement("div");
    const strong = document.createElement("strong");
    const p = group[0].properties;
    strong.textContent = group.length > 1 ? p.label + " · " + group.length + " pins"
      : p.label + (p.type !== "PLACE" ? " · " + p.type : "") + (p.date ? " · " + p.date : "");
    div.append(strong);
    group.slice(0, POPUP_ITEMS).forEach(function (f) {
      const a = document.createElement("a");
      a.href = f.properties.url;
      a.textContent = group.length > 1 ? line(f.properties) : f.properties.title;
      div.append(document.createElement("br"), a);
    });
    if (group.length > POPUP_ITEMS) {
      const more = document.createElement("p");
      more.textContent = "and " + (group.length - POPUP_ITEMS) + " more in the list below the map";
      div.append(more);
    }
    return div;
  }

  function draw() {
    pins.clearLayers();
    markers.clear();
    if (list) list.replaceChildren();
    const shown = features.filter(keep);
    const bounds = [];
    const spots = new Map();
    shown.forEach(function (f) {
      const [lon, lat] = f.geometry.coordinates;
      const key = lat.toFixed(3) + "," + lon.toFixed(3);
      if (!spots.has(key)) spots.set(key, []);
      spots.get(key).push(f);
    });
    spots.forEach(function (group) {
      const [lon, lat] = group[0].geometry.coordinates, p = group[0].properties;
      const title = group.length > 1 ? p.label + ": " + group.length + " pins" : p.label + ": " + p.title;
      const marker = L.marker([lat, lon], { title: title, alt: p.label, keyboard: true });
      marker.bindPopup(function () { return popup(group); }).addTo(pins);
      // the keyboard goes into an opened pin's links (the popups come after every marker: Tab went on
      // through the other pins first), and back to the pin when Escape closes it
      marker.on("popupopen", function (e) {
        const box = e.popup.getElement();
        if (!box.dataset.keys) {  // (Leaflet's own Escape listens on the map only while the map has the focus)
          box.dataset.keys = "yes";
          box.addEventListener("keydown", function (k) { if (k.key === "Escape") map.closePopup(); });
        }
        const link = box.querySelector("a");
        if (link && !quiet) link.focus({ preventScroll: true });
      });
      marker.on("popupclose", function (e) {
        const box = e.popup.getElement(), at = document.activeElement;
        if (marker.getElement() && (!at || at === document.body || (box && box.contains(at)))) {
          marker.getElement().focus({ preventScroll: true });
        }
      });
      const el = marker.getElement();
      if (el) { el.dataset.lat = lat; el.dataset.lon = lon; el.dataset.story = p.story; el.dataset.count = group.length; el.classList.add("pin"); }
      group.forEach(function (f) { markers.set(String(f.properties.label).toLowerCase(), marker); });
      bounds.push([lat, lon]);
    });
    if (list) {
      const items = shown.map(function (f) {
        const li = document.createElement("li"), a = document.createElement("a");
        a.href = f.properties.url;
        a.textContent = line(f.properties);
        li.appendChild(a);
        return li;
      });
      list.append(...items);
    }
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

  // the filters live in the page's address: back from a pin's story, the map showed every pin under a
  // type reset to "all" (its choices come with the pins) and the dates the browser put back
  const FILTERS = ["type", "since", "until"];

  function fromAddress() {
    const wanted = new URLSearchParams(location.search);
    const type = wanted.get("type") || "";
    if (type && !Array.from(form.elements.type.options).some(function (o) { return o.value === type; })) {
      const o = document.createElement("option"); o.value = type; o.textContent = type; form.elements.type.append(o);
    }
    FILTERS.forEach(function (name) { form.elements[name].value = wanted.get(name) || ""; });
  }

  function toAddress() {
    const wanted = new URLSearchParams();
    const kept = new URLSearchParams(location.search);  // one story's map (?story=, ?place=) stays that story's
    ["story", "place"].forEach(function (name) { if (kept.get(name)) wanted.set(name, kept.get(name)); });
    FILTERS.forEach(function (name) { if (form.elements[name].value) wanted.set(name, form.elements[name].value); });
    const query = wanted.toString();
    history.replaceState(history.state, "", location.pathname + (query ? "?" + query : ""));
  }

  // an event's place links here (?story=…&place=…): its pin opens, or the page says why there is none
  function openPlace() {
    const place = box.dataset.place, note = document.getElementById("place-note");
    if (!place) return;
    const marker = markers.get(place.toLowerCase());
    if (marker) {
      map.setView(marker.getLatLng(), Math.max(map.getZoom(), 5));
      quiet = true;
      marker.openPopup();
      quiet = false;
    } else if (note) {
      note.textContent = "No pin for " + place + ": the place has no coordinates, or these filters hide it.";
      note.hidden = false;
    }
  }

  fetch(box.dataset.pins).then(function (r) { return r.json(); }).then(function (data) {
    features = data.features || [];
    if (form) {
      const types = Array.from(new Set(features.map(function (f) { return f.properties.type; }))).sort();
      types.forEach(function (t) { const o = document.createElement("option"); o.value = t; o.textContent = t; form.elements.type.append(o); });
      fromAddress();
      form.addEventListener("change", function () { toAddress(); draw(); });
      form.addEventListener("submit", function (e) { e.preventDefault(); toAddress(); draw(); });
    }
    draw();
    openPlace();
    box.dataset.ready = "yes";
  });
})();
