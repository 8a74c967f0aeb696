/* Runs in <head> before the first paint: applies a theme the visitor chose on this device.
   With no choice stored, site.css follows the system's light or dark setting. */
(function () {
  try {
    var chosen = localStorage.getItem("wa-theme");
    if (chosen === "light" || chosen === "dark") document.documentElement.dataset.theme = chosen;
  } catch (e) {
    /* Storage blocked (private mode, policy): follow the system theme. */
  }
})();
