// graphsvc pages: small progressive enhancements only; every page works without this.
(function () {
  "use strict";

  // "Copy embed code": the textarea can always be selected by hand; with JS a button
  // copies it and says so in a live region.
  function setUpCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        if (status) { status.textContent = button.getAttribute("data-done"); }
        button.setAttribute("data-copied", "true");
      };
      target.focus();
      target.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done, function () {
          document.execCommand("copy");
          done();
        });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  }

  // "Save this view": with JS, the view is saved where it is zoomed now (the view in
  // the frame says where); without, it opens on the whole drawing.
  function setUpSave(form) {
    form.addEventListener("submit", function () {
      var frame = document.getElementById("view");
      var view = frame && frame.contentWindow && frame.contentWindow.graphsvcView;
      if (!view || !view.place) { return; }
      var place = view.place();
      ["zoom", "x", "y"].forEach(function (key) {
        form.elements[key].value = String(Math.round(place[key] * 1000) / 1000);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button.copy[data-copy]");
    for (var i = 0; i < buttons.length; i++) { setUpCopy(buttons[i]); }
    var save = document.getElementById("save-view");
    if (save) { setUpSave(save); }
  });
})();
