// The site's few behaviours, bound here because the Content-Security-Policy forbids inline
// event handlers. Every page works without this file.
(function () {
  "use strict";

  // A poster or photo that fails to load is removed, uncovering the drawn placeholder under it.
  function removeIfBroken(img) {
    if (img.complete && img.naturalWidth === 0) img.remove();
  }
  // "error" does not bubble, so listen in the capture phase; this also covers images that
  // htmx swaps in later.
  document.addEventListener("error", function (event) {
    var target = event.target;
    if (target instanceof HTMLImageElement && target.hasAttribute("data-remove-on-error")) {
      target.remove();
    }
  }, true);
  // Images that failed before this deferred script ran.
  document.querySelectorAll("img[data-remove-on-error]").forEach(removeIfBroken);

  // The quiz's share line selects itself, ready to copy.
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-click")) {
      target.select();
    }
  });
})();
