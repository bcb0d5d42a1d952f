/* The public map: one marker per listed report that has a (coarse) location. */
"use strict";
(function () {
  var points = JSON.parse(document.getElementById("points").textContent || "[]");
  var map = window.aduanMap("map", window.ADUAN_CENTER, 12);
  if (!map) { return; }
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.marker([p.lat, p.long], { title: p.n + " " + p.service }).addTo(map);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.n + " · " + p.service;
    marker.bindPopup(link);
    bounds.push([p.lat, p.long]);
  });
  // At once, not animated: the markers stand still when the page says it is ready.
  if (bounds.length) { map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20], animate: false }); }
  document.getElementById("map").dataset.markers = String(points.length);
})();
