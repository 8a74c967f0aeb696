/* Cinema mode: one tap when the credits start, then a countdown to each scene and to the
   moment it is safe to leave. The start time is kept on the device for a few hours, so a
   reload (or the phone locking) does not lose the count. */
(function () {
  "use strict";
  var root = document.querySelector("[data-cinema]");
  if (!root) return;
  var KEY = "wa-credits-" + root.dataset.cinema;
  var KEEP_MS = 4 * 3600 * 1000;
  var WARN_SECONDS = 10;
  var controls = root.querySelector("[data-controls]");
  var startButton = root.querySelector("[data-start]");
  var resetButton = root.querySelector("[data-reset]");
  var elapsed = root.querySelector("[data-elapsed]");
  var wakeNote = root.querySelector("[data-wake]");
  var vibrateOption = root.querySelector("[data-vibrate-option]");
  var vibrate = root.querySelector("[data-vibrate]");
  var cues = Array.prototype.slice.call(root.querySelectorAll(".cue[data-starts]"));
  var safeAfter = root.dataset.safeAfter ? Number(root.dataset.safeAfter) : null;
  var startedAt = null;
  var timer = null;
  var wakeLock = null;
  var buzzed = {};

  function mmss(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function remembered() {
    try {
      var value = Number(localStorage.getItem(KEY));
      return value && Date.now() - value < KEEP_MS && value <= Date.now() ? value : null;
    } catch (e) { return null; }
  }

  function remember(value) {
    try {
      if (value) localStorage.setItem(KEY, String(value));
      else localStorage.removeItem(KEY);
    } catch (e) { /* the count still runs, it is just not kept */ }
  }

  /* Keep the phone awake until it is safe to leave (or while counting, if that is not known). */
  function holdScreen() {
    if (!("wakeLock" in navigator)) {
      wakeNote.textContent = "This browser cannot keep the screen on: touch it now and then.";
      wakeNote.hidden = false;
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) {
      wakeLock = lock;
      wakeNote.textContent = "The screen stays on while the count runs.";
      wakeNote.hidden = false;
      lock.addEventListener("release", function () { wakeLock = null; });
    }).catch(function () {
      wakeNote.textContent = "The screen may go dark: touch it now and then.";
      wakeNote.hidden = false;
    });
  }

  function releaseScreen() {
    if (wakeLock) wakeLock.release();
    wakeLock = null;
  }

  function tick() {
    var seconds = (Date.now() - startedAt) / 1000;
    elapsed.textContent = "The credits started " + mmss(seconds) + " ago.";
    cues.forEach(function (cue, index) {
      var starts = Number(cue.dataset.starts);
      var ends = Number(cue.dataset.ends || starts);
      var out = cue.querySelector(".cue-countdown");
      var leave = cue.classList.contains("cue-leave");
      var state;
      if (seconds < starts) {
        state = "waiting";
        out.textContent = "in " + mmss(Math.ceil(starts - seconds));  /* a countdown shows 1:00 until a whole second has gone */
        if (vibrate.checked && !leave && starts - seconds <= WARN_SECONDS && !buzzed[index]) {
          buzzed[index] = true;
          navigator.vibrate([200, 100, 200]);
        }
      } else if (seconds < ends) {
        state = "now";
        out.textContent = "now";
      } else {
        state = "done";
        out.textContent = leave ? "you can go" : "over";
      }
      cue.dataset.state = state;
    });
    if (safeAfter !== null && seconds >= safeAfter) releaseScreen();
  }

  function run() {
    startButton.hidden = true;
    resetButton.hidden = false;
    elapsed.hidden = false;
    tick();
    if (timer === null) timer = setInterval(tick, 1000);
    if (safeAfter === null || (Date.now() - startedAt) / 1000 < safeAfter) holdScreen();
  }

  startButton.addEventListener("click", function () {
    startedAt = Date.now();
    buzzed = {};
    remember(startedAt);
    run();
  });

  resetButton.addEventListener("click", function () {
    clearInterval(timer);
    timer = null;
    startedAt = null;
    remember(null);
    releaseScreen();
    cues.forEach(function (cue) {
      delete cue.dataset.state;
      cue.querySelector(".cue-countdown").textContent = "";
    });
    elapsed.hidden = true;
    resetButton.hidden = true;
    startButton.hidden = false;
    startButton.focus();
  });

  /* A wake lock ends when the page is hidden; take it again on return. */
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && startedAt !== null && !wakeLock &&
        (safeAfter === null || (Date.now() - startedAt) / 1000 < safeAfter)) holdScreen();
  });

  controls.hidden = false;
  if ("vibrate" in navigator && cues.length) vibrateOption.hidden = false;
  startedAt = remembered();
  if (startedAt !== null) run();
})();
