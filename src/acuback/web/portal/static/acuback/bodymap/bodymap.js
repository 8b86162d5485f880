/* Body map: tapping a shape ticks the matching checkbox of the list below it, and ticking a checkbox
   colours the shapes. The checkboxes are the real control (and the only one for keyboards and screen
   readers); the figures are a picture of them, hidden from assistive technology. No dependencies. */
(function () {
  "use strict";

  function setUp(map) {
    var form = map.closest("form");
    var name = map.getAttribute("data-bodymap");
    var summary = map.querySelector("[data-bodymap-summary]");
    if (!form || !name) return;

    function boxes() {
      return form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
    }

    function paint() {
      var on = {};
      var labels = [];
      boxes().forEach(function (box) {
        if (box.checked) {
          on[box.value] = true;
          labels.push(box.getAttribute("data-label") || box.value);
        }
      });
      map.querySelectorAll("[data-value]").forEach(function (shape) {
        shape.classList.toggle("on", Boolean(on[shape.getAttribute("data-value")]));
      });
      if (summary) {
        summary.textContent = labels.length
          ? summary.getAttribute("data-prefix") + " " + labels.join(", ")
          : summary.getAttribute("data-empty");
      }
    }

    map.addEventListener("click", function (event) {
      var shape = event.target.closest ? event.target.closest("[data-value]") : null;
      if (!shape) return;
      var value = shape.getAttribute("data-value");
      boxes().forEach(function (box) {
        if (box.value === value) {
          box.checked = !box.checked;
        }
      });
      paint();
    });
    form.addEventListener("change", paint);
    map.classList.add("live");
    paint();
  }

  document.querySelectorAll("[data-bodymap]").forEach(setUp);
})();
