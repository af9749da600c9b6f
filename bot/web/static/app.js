// RepayBot web page. Served from our own origin; no inline script anywhere (the Content-Security-Policy
// allows only this file). The page works without it: forms post and the page reloads.
(function () {
  "use strict";

  // A one-time link must not stay in the address bar or the history once used.
  if (new URLSearchParams(window.location.search).has("t") && window.history && window.history.replaceState) {
    window.history.replaceState(null, "", "/app");
  }

  // Inside Telegram: sign in with the data Telegram gives the Mini App (its own script is not loaded, so the
  // data is read from the launch fragment, where Telegram's clients put it).
  function telegramInitData() {
    if (window.Telegram && window.Telegram.WebApp && window.Telegram.WebApp.initData) {
      return window.Telegram.WebApp.initData;
    }
    var hash = window.location.hash.replace(/^#/, "");
    var params = new URLSearchParams(hash);
    return params.get("tgWebAppData") || "";
  }

  function signInWithTelegram() {
    var initData = telegramInitData();
    if (!initData || document.body.getAttribute("data-signed-in") === "1") { return; }
    var body = new URLSearchParams();
    body.set("init_data", initData);
    fetch("/app/session/telegram", { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) {
          window.location.replace("/app");
        } else {
          document.body.setAttribute("data-telegram", "refused");
        }
      });
  }

  // The plan follows the budget as it is typed: the server computes it and sends the part to swap in.
  function livePlan() {
    var form = document.getElementById("plan-form");
    var target = document.getElementById("plan-body");
    if (!form || !target) { return; }
    var timer = null;
    var counter = 0;
    function refresh() {
      var query = new URLSearchParams(new FormData(form));
      var mine = ++counter;
      fetch("/app/plan?" + query.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html !== null && mine === counter) {
            target.innerHTML = html;
            target.setAttribute("data-budget", query.get("budget") || "");
          }
        });
    }
    form.addEventListener("input", function (event) {
      if (event.target && event.target.id === "budget") {
        var date = document.getElementById("target");
        if (date) { date.value = ""; }
      }
      if (event.target && event.target.id === "target") {
        var budget = document.getElementById("budget");
        if (budget) { budget.value = ""; }
      }
      clearTimeout(timer);
      timer = setTimeout(refresh, 250);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      refresh();
    });
  }

  function start() {
    signInWithTelegram();
    livePlan();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
