// hearken workbench: live search and the quote basket. Plain JavaScript, no build step; every
// page works without it (search by submitting the form), except the basket, which lives in this
// browser's storage. Text shown or exported from the basket always comes back from the server.
(function () {
  "use strict";

  var dataset = document.body.getAttribute("data-dataset") || "hearken";
  var storageKey = "hearken-basket:" + dataset;

  // ---- basket storage: a list of "QUESTION:THEME:ID" references ----
  function load() {
    try {
      var items = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return Array.isArray(items) ? items.filter(function (x) { return typeof x === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }
  function save(items) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(items));
    } catch (e) { /* storage full or blocked: the basket stays as it was */ }
    showCount();
  }
  function keyOf(button) {
    return button.getAttribute("data-question") + ":" + button.getAttribute("data-theme") + ":" +
      button.getAttribute("data-id");
  }
  function showCount() {
    var n = load().length;
    var counts = document.querySelectorAll("[data-basket-count]");
    for (var i = 0; i < counts.length; i++) {
      counts[i].textContent = String(n);
      counts[i].setAttribute("aria-label", n === 1 ? "1 quote in the basket" : n + " quotes in the basket");
    }
  }
  function markButtons(root) {
    var items = load();
    var buttons = (root || document).querySelectorAll("[data-basket-add]");
    for (var i = 0; i < buttons.length; i++) {
      var inBasket = items.indexOf(keyOf(buttons[i])) !== -1;
      buttons[i].setAttribute("aria-pressed", inBasket ? "true" : "false");
      buttons[i].firstChild.textContent = inBasket ? "In the basket" : "Add to basket";
    }
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest ? event.target.closest("[data-basket-add]") : null;
    if (add) {
      var items = load();
      var key = keyOf(add);
      var at = items.indexOf(key);
      if (at === -1) { items.push(key); } else { items.splice(at, 1); }
      save(items);
      markButtons();
      return;
    }
    var remove = event.target.closest ? event.target.closest("[data-basket-remove]") : null;
    if (remove) {
      var left = load().filter(function (k) { return k !== remove.getAttribute("data-basket-remove"); });
      save(left);
      renderBasket(true);
      return;
    }
    var clear = event.target.closest ? event.target.closest("[data-basket-clear]") : null;
    if (clear) {
      save([]);
      renderBasket(true);
    }
  });

  function form(items) {
    var body = new URLSearchParams();
    items.forEach(function (k) { body.append("item", k); });
    return body;
  }

  // ---- basket page: the server shows each quote as it would be published ----
  function renderBasket(focusHeading) {
    var holder = document.getElementById("basket-items");
    if (!holder) { return; }
    var items = load();
    var exportForm = document.querySelector("[data-basket-export]");
    var fields = document.querySelector("[data-basket-fields]");
    fields.textContent = "";
    items.forEach(function (k) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "item";
      input.value = k;
      fields.appendChild(input);
    });
    exportForm.hidden = items.length === 0;
    fetch("/basket/view", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form(items).toString()
    }).then(function (r) { return r.text(); }).then(function (html) {
      holder.innerHTML = html;
      holder.setAttribute("data-loaded", "true");
      if (focusHeading) {
        var h = holder.querySelector("h2");
        if (h) { h.setAttribute("tabindex", "-1"); h.focus(); }
      }
    });
  }

  // ---- live search: results and facets are fetched as the user types or ticks ----
  function liveSearch(searchForm) {
    var results = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    var timer = null;
    var pending = null;

    function query() {
      var params = new URLSearchParams();
      var data = new FormData(searchForm);
      data.forEach(function (value, name) {
        if (name === "sort" && value === "relevance") { return; }
        if (name === "q" && value.trim() === "") { return; }
        params.append(name, value);
      });
      return params.toString();
    }

    function update() {
      var qs = query();
      if (pending) { pending.abort(); }
      pending = new AbortController();
      var focused = document.activeElement;
      var focusName = focused && results.contains(focused) ? focused.name : null;
      var focusValue = focusName ? focused.value : null;
      results.setAttribute("aria-busy", "true");
      fetch("/search/results" + (qs ? "?" + qs : ""), { signal: pending.signal })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          results.innerHTML = html;
          results.removeAttribute("aria-busy");
          window.history.replaceState(null, "", "/search" + (qs ? "?" + qs : ""));
          var heading = results.querySelector("[data-results-count]");
          var summary = results.querySelector(".error-summary");
          status.textContent = summary ? summary.textContent : (heading ? heading.textContent : "");
          if (focusName) {
            var inputs = results.querySelectorAll("input");
            for (var i = 0; i < inputs.length; i++) {
              if (inputs[i].name === focusName && inputs[i].value === focusValue) { inputs[i].focus(); break; }
            }
          }
          markButtons(results);
        })
        .catch(function () { results.removeAttribute("aria-busy"); });
    }

    searchForm.addEventListener("input", function (event) {
      if (event.target.name !== "q") { return; }
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 250);
    });
    searchForm.addEventListener("change", function (event) {
      if (event.target.name === "q") { return; }
      update();
    });
    searchForm.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      update();
    });
    results.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-clear-filters]") : null;
      if (!link) { return; }
      event.preventDefault();
      var boxes = searchForm.querySelectorAll(".facets input[type=checkbox]");
      for (var i = 0; i < boxes.length; i++) { boxes[i].checked = false; }
      update();
    });
  }

  var errors = document.querySelector("[data-error-summary]");
  if (errors) { errors.focus(); }
  showCount();
  markButtons();
  var searchForm = document.querySelector("[data-live-search]");
  if (searchForm) { liveSearch(searchForm); }
  if (document.getElementById("basket-items")) { renderBasket(false); }
})();
