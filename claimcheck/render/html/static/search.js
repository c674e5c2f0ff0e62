(function () {
  "use strict";
  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  if (!box || !input || !status) { return; }
  var rows = document.querySelectorAll("tr[data-search]");
  box.hidden = false;
  function filter() {
    var words = input.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].getAttribute("data-search");
      var hit = words.every(function (w) { return text.indexOf(w) !== -1; });
      rows[i].hidden = !hit;
      if (hit) { shown++; }
    }
    status.textContent = words.length ? shown + " of " + rows.length + " rows match" : "";
  }
  input.addEventListener("input", filter);
  filter();
})();
