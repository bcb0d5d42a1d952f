/* File inputs labelled in the page's language (templates/_file_pick.html): say what was
   chosen, in the page's words, since the browser's own status is hidden. */
"use strict";
(function () {
  document.querySelectorAll(".file-pick").forEach(function (pick) {
    var input = pick.querySelector("input[type=file]");
    var chosen = pick.querySelector(".file-pick-chosen");
    function say() {
      var files = input.files || [];
      if (files.length === 0) {
        chosen.textContent = chosen.dataset.none;
      } else if (files.length === 1) {
        chosen.textContent = chosen.dataset.one.replace("{name}", files[0].name);
      } else {
        chosen.textContent = chosen.dataset.many.replace("{n}", String(files.length));
      }
    }
    input.addEventListener("change", say);
    say();
  });
})();
