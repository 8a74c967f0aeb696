/* What's After: the few behaviours that need JavaScript. A static file (no inline script), so a
   strict Content-Security-Policy holds; every page works without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var systemDark = window.matchMedia("(prefers-color-scheme: dark)");

  /* Theme toggle: a choice equal to the system's is forgotten, so the page follows the
     system again; a different one is kept on this device (localStorage, never a cookie, so
     cached pages stay the same for everyone). */
  function currentTheme() {
    return root.dataset.theme || (systemDark.matches ? "dark" : "light");
  }
  function showTheme(button) {
    var dark = currentTheme() === "dark";
    button.setAttribute("aria-pressed", dark ? "true" : "false");
  }
  function setUpThemeToggle() {
    var button = document.querySelector(".theme-toggle");
    if (!button) return;
    button.hidden = false;
    showTheme(button);
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      var system = systemDark.matches ? "dark" : "light";
      try {
        if (next === system) localStorage.removeItem("wa-theme");
        else localStorage.setItem("wa-theme", next);
      } catch (e) { /* not remembered, still applied */ }
      if (next === system) delete root.dataset.theme;
      else root.dataset.theme = next;
      showTheme(button);
    });
    systemDark.addEventListener("change", function () { showTheme(button); });
  }

  /* Posters and photos come from another site. Without signal each failed <img> would log
     an error, so they load through the service worker, which answers a failure with a
     transparent image and lets the drawn placeholder underneath show. */
  function loadImages() {
    document.querySelectorAll("img[data-src]").forEach(function (img) {
      img.addEventListener("error", function () { img.remove(); });
      img.src = img.dataset.src;
      img.removeAttribute("data-src");
    });
  }

  var FILM_PAGE = /^\/movies\/[-\w]+\/(cinema\/)?$/;

  function setUpOffline() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) {
      loadImages();
      return;
    }
    /* Registered once the page has loaded, so the worker's set-up never delays the page. */
    function register() {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { loadImages(); });
    }
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
    navigator.serviceWorker.ready.then(function (registration) {
      if (FILM_PAGE.test(location.pathname) && registration.active) {
        /* The first page a visitor opens was fetched before the worker existed: ask it to keep a copy. */
        registration.active.postMessage({ type: "save", url: location.href });
      }
    });
    if (navigator.serviceWorker.controller) loadImages();
    else navigator.serviceWorker.addEventListener("controllerchange", loadImages, { once: true });
    listSavedPages();
  }

  /* The offline page lists the film pages saved on this device, newest first. */
  function listSavedPages() {
    var list = document.querySelector("[data-saved-pages]");
    if (!list || !window.caches) return;
    caches.open("wa-pages-v1").then(function (cache) {
      return cache.keys().then(function (requests) {
        return Promise.all(requests.map(function (request) {
          return cache.match(request).then(function (response) {
            return response.text().then(function (html) {
              var title = /<title>([^<]*)<\/title>/.exec(html);
              var doc = new DOMParser().parseFromString(title ? title[1] : request.url, "text/html");
              return { url: request.url, title: doc.body.textContent, saved: response.headers.get("x-saved-at") };
            });
          });
        }));
      });
    }).then(function (pages) {
      pages = pages.filter(function (page) { return FILM_PAGE.test(new URL(page.url).pathname); });
      pages.sort(function (a, b) { return (b.saved || "").localeCompare(a.saved || ""); });
      pages.forEach(function (page) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = page.url;
        link.textContent = page.title.replace(/ — What's After$/, "");
        item.appendChild(link);
        if (page.saved) {
          var when = document.createElement("span");
          when.className = "muted";
          when.textContent = " (saved " + new Date(page.saved).toLocaleString() + ")";
          item.appendChild(when);
        }
        list.appendChild(item);
      });
      var none = document.querySelector("[data-no-saved-pages]");
      if (none) none.hidden = pages.length > 0;
    });
  }

  /* Suggestions need the server: say so instead of failing silently. */
  document.addEventListener("htmx:sendError", function (event) {
    var box = event.detail.target;
    if (!box || box.id !== "suggestions") return;
    box.textContent = "";
    var note = document.createElement("p");
    note.className = "suggest-empty";
    note.textContent = "Search needs a connection.";
    box.appendChild(note);
  });

  setUpThemeToggle();
  setUpOffline();

  /* The quiz's share line selects itself, ready to copy (no inline onclick under the CSP). */
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-on-click")) {
      target.select();
    }
  });
})();
