/* What's After service worker, served at /sw.js so its scope is the whole site.

   - Film and cinema pages are fetched from the network first; each copy is kept (with the
     time it was saved) so the page opens without signal, marked with that date.
   - Static files are kept as they are fetched (their names carry a content hash).
   - Any other page asked for without signal gets the offline page, which says that search
     needs a connection and lists the saved films.
   - Images from other sites (posters) that cannot load are answered with a transparent
     image, so the page logs no error and the drawn placeholder shows. */
"use strict";

var PAGES = "wa-pages-v1";
var ASSETS = "wa-assets-v1";
var KEPT = [PAGES, ASSETS];
var OFFLINE_URL = "/offline/";
var SAVED_AT = "x-saved-at";
var MAX_PAGES = 60;
var FILM_PAGE = /^\/movies\/[-\w]+\/(cinema\/)?$/;
var STATIC_FILE = /(?:href|src)="(\/static\/[^"?#]+)"/g;
var BLANK_IMAGE = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>';

self.addEventListener("install", function (event) {
  event.waitUntil(save(OFFLINE_URL, ASSETS).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("wa-") === 0 && KEPT.indexOf(name) < 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

/* A page opened before this worker controlled it asks for a copy to be kept. */
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "save") return;
  var url = new URL(data.url, self.location.origin);
  if (url.origin === self.location.origin && FILM_PAGE.test(url.pathname)) {
    event.waitUntil(save(url.pathname, PAGES));
  }
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    if (request.destination === "image") event.respondWith(imageOrBlank(request));
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(staticFile(request));
  }
});

function page(request, url) {
  var keep = FILM_PAGE.test(url.pathname) && !url.search;
  return fetch(request).then(function (response) {
    if (keep && response.ok) {
      response.clone().text().then(function (html) { return store(url.pathname, html, PAGES); });
    }
    return response;
  }).catch(function () {
    return caches.open(PAGES).then(function (cache) {
      return keep ? cache.match(url.pathname) : undefined;
    }).then(function (saved) {
      if (saved) return withSavedDate(saved);
      return caches.match(OFFLINE_URL).then(function (offline) {
        return offline || new Response("You are offline.", { status: 503, headers: { "content-type": "text/plain" } });
      });
    });
  });
}

function staticFile(request) {
  return caches.open(ASSETS).then(function (cache) {
    return cache.match(request).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (response) {
        if (response.ok) cache.put(request, response.clone());
        return response;
      });
    });
  });
}

function imageOrBlank(request) {
  return fetch(request).catch(function () {
    return new Response(BLANK_IMAGE, { headers: { "content-type": "image/svg+xml" } });
  });
}

/* Fetch a page and keep it with the static files it needs. */
function save(path, cacheName) {
  return fetch(path, { credentials: "same-origin" }).then(function (response) {
    if (!response.ok) return undefined;
    return response.text().then(function (html) { return store(path, html, cacheName); });
  }).catch(function () { return undefined; });
}

function store(path, html, cacheName) {
  var copy = new Response(html, {
    headers: { "content-type": "text/html; charset=utf-8", "x-saved-at": new Date().toISOString() },
  });
  return caches.open(cacheName).then(function (cache) {
    return cache.put(path, copy).then(function () { return trim(cache); });
  }).then(function () { return keepStaticFiles(html); });
}

function keepStaticFiles(html) {
  var paths = [];
  var match;
  STATIC_FILE.lastIndex = 0;
  while ((match = STATIC_FILE.exec(html)) !== null) paths.push(match[1]);
  return caches.open(ASSETS).then(function (cache) {
    return Promise.all(paths.map(function (path) {
      return cache.match(path).then(function (hit) {
        return hit || cache.add(path).catch(function () { return undefined; });
      });
    }));
  });
}

/* Keep the newest MAX_PAGES pages: Cache Storage lists entries in insertion order. */
function trim(cache) {
  return cache.keys().then(function (requests) {
    var excess = requests.length - MAX_PAGES;
    return Promise.all(requests.slice(0, Math.max(0, excess)).map(function (r) { return cache.delete(r); }));
  });
}

/* A saved page says it is a saved copy, and from when. */
function withSavedDate(saved) {
  var when = saved.headers.get(SAVED_AT) || "";
  var shown = when ? new Date(when).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }) : "an earlier visit";
  var note = '<p class="offline-note" role="status">You are offline: this copy was saved on <time datetime="' +
    when + '">' + shown + "</time>. The answer may have changed since.</p>";
  return saved.text().then(function (html) {
    return new Response(html.replace(/<main\b[^>]*>/, function (tag) { return tag + note; }), {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  });
}
