/* Shared by the report form and the map page: a Leaflet map on the tile server the
   page names (data-tiles). Without tiles (no internet) the map still works: markers
   and clicks do not need them. Returns null when Leaflet did not load. */
"use strict";
window.aduanMap = function (id, center, zoom) {
  var el = document.getElementById(id);
  if (!el || typeof L === "undefined") { return null; }
  var map = L.map(el).setView(center, zoom);
  L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution }).addTo(map);
  return map;
};
window.ADUAN_CENTER = [-7.2575, 112.7521]; /* Surabaya */
