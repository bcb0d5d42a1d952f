/* The report form: show the chosen category's questions, put a pin where the citizen
   taps or where the browser says they are, and keep it in the hidden lat/long. */
"use strict";
(function () {
  var select = document.getElementById("service_code");
  function showAttributes() {
    document.querySelectorAll("fieldset.attributes").forEach(function (set) {
      var on = set.dataset.service === select.value;
      set.classList.toggle("shown", on);
      set.querySelectorAll("input, select").forEach(function (input) { input.disabled = !on; });
    });
  }
  select.addEventListener("change", showAttributes);
  showAttributes();

  var lat = document.getElementById("lat"), lng = document.getElementById("long");
  var map = window.aduanMap("pick-map", window.ADUAN_CENTER, 13);
  var marker = null;
  function place(latitude, longitude) {
    lat.value = latitude.toFixed(6);
    lng.value = longitude.toFixed(6);
    if (!map) { return; }
    if (marker) { marker.setLatLng([latitude, longitude]); }
    else { marker = L.marker([latitude, longitude], { draggable: true }).addTo(map);
      marker.on("dragend", function () { var p = marker.getLatLng(); place(p.lat, p.lng); }); }
    map.setView([latitude, longitude], Math.max(map.getZoom(), 16));
    document.getElementById("pin-hint").textContent = lat.value + ", " + lng.value;
  }
  if (lat.value && lng.value) { place(parseFloat(lat.value), parseFloat(lng.value)); }
  if (map) { map.on("click", function (e) { place(e.latlng.lat, e.latlng.lng); }); }
  document.getElementById("locate").addEventListener("click", function () {
    if (!navigator.geolocation) { return; }
    navigator.geolocation.getCurrentPosition(function (pos) {
      place(pos.coords.latitude, pos.coords.longitude);
    }, function () {}, { enableHighAccuracy: true, timeout: 10000 });
  });
})();
