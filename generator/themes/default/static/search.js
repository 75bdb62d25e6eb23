// Start Pagefind's search box over the index's shards and run the query from the header
// form (?q=...). pagefind/shards.json lists the shards: the first is the main bundle, whose
// search box this page loads; the others are merged into its results (mergeIndex), all at
// once, before the box starts.
(function () {
  // Pagefind ranks a page higher when the words searched for are in its metadata: five-fold
  // in its title, once in any other field. A superseded decision's page gives its words as
  // `superseded_title`, with an empty title, so that where it and the decision that replaced
  // it match the same words the one in force comes first. A match in a decision's status
  // counts for nothing: a superseded one's ("Superseded by “We meet every month.” on 3
  // March 2026") names its successor by its words, which would rank it as a match of its own.
  // The search box sets them on the main bundle alone, and each shard ranks its own
  // results: the shards merged into it are given them as they are merged.
  var RANKING = { metaWeights: { title: 5, superseded_title: 1, status: 0 } };
  // A superseded decision's result shows its words as its title, and no tag of them.
  function showSupersededTitle(result) {
    if (result.meta.superseded_title) {
      result.meta.title = result.meta.superseded_title;
      delete result.meta.superseded_title;
    }
    return result;
  }
  var box = document.getElementById("search");
  var index = new URL(box.getAttribute("data-index"), window.location.href);
  function unavailable(why) {
    box.textContent = "Search is not available: " + why;
  }
  function load(tag, attributes) {
    return new Promise(function (resolve, reject) {
      var element = document.createElement(tag);
      Object.keys(attributes).forEach(function (name) {
        element.setAttribute(name, attributes[name]);
      });
      element.onload = resolve;
      element.onerror = reject;
      document.head.appendChild(element);
    });
  }
  // Pagefind counts a search's results under each filter from the filter data loaded so
  // far, and a search with no filter chosen loads none: a query run before the search box
  // has loaded it shows the whole site's counts beside its results. So the query from the
  // header waits until the box shows its filters (or 5 s, for an index with none).
  function afterFilters(then) {
    var done = false;
    function once() {
      if (!done) {
        done = true;
        watcher.disconnect();
        then();
      }
    }
    var watcher = new MutationObserver(function () {
      if (box.querySelector(".pagefind-ui__filter-label")) {
        once();
      }
    });
    watcher.observe(box, { childList: true, subtree: true });
    window.setTimeout(once, 5000);
  }
  // Pagefind shows how many results a search found ("5 results for permission") in a plain
  // paragraph, which a screen reader does not announce: a status region repeats it.
  function announceResults() {
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.insertAdjacentElement("afterend", status);
    new MutationObserver(function () {
      var message = box.querySelector(".pagefind-ui__message");
      var text = message ? message.textContent.trim() : "";
      if (status.textContent !== text) {
        status.textContent = text;
      }
    }).observe(box, { childList: true, subtree: true, characterData: true });
  }
  // Pagefind names a filter's checkbox by its filter and value ("theme-AI in policy
  // making"), and an id with spaces is not valid HTML: each gets a slug of it instead, and
  // its label the same, whenever Pagefind sets it.
  function slugFilterIds() {
    function fix() {
      box.querySelectorAll(".pagefind-ui__filter-checkbox").forEach(function (input) {
        if (/^filter-[a-z0-9-]+$/.test(input.id)) {
          return;
        }
        var label = input.parentNode.querySelector("label");
        var words = input.id.toLowerCase().replace(/[^a-z0-9]+/g, "-");
        var slug = "filter-" + words.replace(/^-|-$/g, "");
        var id = slug;
        for (var n = 2; document.getElementById(id); n += 1) {
          id = slug + "-" + n;
        }
        input.id = id;
        if (label) {
          label.htmlFor = id;
        }
      });
    }
    new MutationObserver(fix).observe(box, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["id"],
    });
  }
  // Pagefind names each filter group twice: its disclosure (the summary a reader opens it
  // by) shows the filter's name, and the group of checkboxes inside has it again as its
  // legend, so a screen reader hears "Theme, expanded; Theme, group". The disclosure keeps
  // the name, which it needs (a nameless control cannot be found); the checkboxes are no
  // group of their own, and their hidden legend is not read, whenever Pagefind draws them.
  function nameFiltersOnce() {
    function fix() {
      box.querySelectorAll(".pagefind-ui__filter-group").forEach(function (group) {
        if (group.getAttribute("role") !== "none") {
          group.setAttribute("role", "none");
        }
        var legend = group.querySelector(":scope > legend");
        if (legend && legend.getAttribute("aria-hidden") !== "true") {
          legend.setAttribute("aria-hidden", "true");
        }
      });
    }
    new MutationObserver(fix).observe(box, { childList: true, subtree: true });
  }
  // A section of a page found (Pagefind's sub-result) is named by its heading alone, so
  // every meeting's "Discussion" sounds the same in a list of links: its name says the page
  // and, for a meeting, its date too, whenever Pagefind shows or reuses it.
  function nameSections() {
    function fix() {
      box.querySelectorAll(".pagefind-ui__result").forEach(function (result) {
        var page = result.querySelector(
          ":scope > .pagefind-ui__result-inner > .pagefind-ui__result-title .pagefind-ui__result-link",
        );
        var date = result.querySelector('[data-pagefind-ui-meta="date"]');
        var where = [page ? page.textContent.trim() : ""];
        if (date) {
          where.push(date.textContent.replace(/^\s*Date:\s*/, "").trim());
        }
        where = where.filter(Boolean).join(", ");
        result.querySelectorAll(".pagefind-ui__result-nested .pagefind-ui__result-link").forEach(
          function (link) {
            var name = link.textContent.trim() + (where ? " (" + where + ")" : "");
            if (link.getAttribute("aria-label") !== name) {
              link.setAttribute("aria-label", name);
            }
          },
        );
      });
    }
    new MutationObserver(fix).observe(box, { childList: true, subtree: true, characterData: true });
  }
  function start(shards) {
    var bundles = shards.map(function (shard) {
      return new URL(encodeURIComponent(shard) + "/", index).pathname;
    });
    return Promise.all([
      load("link", { rel: "stylesheet", href: bundles[0] + "pagefind-ui.css" }),
      load("script", { src: bundles[0] + "pagefind-ui.js" }),
      import(bundles[0] + "pagefind.js"),
    ]).then(function (loaded) {
      // The search box imports the main bundle's pagefind.js from the same address, so it
      // searches this very module, with the shards merged into it here side by side: given
      // them to merge itself, it fetches each one's entry and metadata after the last's (a
      // wait on each, which at 29 shards was over a second with no network to speak of).
      var pagefind = loaded[2];
      return Promise.all(
        bundles.slice(1).map(function (bundle) {
          return pagefind.mergeIndex(bundle, { ranking: RANKING });
        }),
      );
    }).then(function () {
      announceResults();
      slugFilterIds();
      nameFiltersOnce();
      nameSections();
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundles[0],
        showSubResults: true,
        showImages: false,
        resetStyles: false,
        ranking: RANKING,
        processResult: showSupersededTitle,
        // Beside the results on a wide screen; above them on a phone, closed, so that a
        // result shows on the first screen.
        openFilters: window.matchMedia("(min-width: 48em)").matches
          ? ["Kind of page", "Decision status", "Theme"]
          : [],
      });
      // Pagefind's field has a placeholder and a title, which vanish or are not read as a
      // name everywhere: give it a name of its own (the box renders as it is made).
      var field = box.querySelector(".pagefind-ui__search-input");
      if (field) {
        field.setAttribute("aria-label", "Search the meetings, themes and decisions");
      }
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) {
        afterFilters(function () {
          ui.triggerSearch(query);
        });
        // A search sent from another page's header lands in the field, where the reader
        // can change it (the box loads its index and filters when its field gets the focus).
        if (field) {
          field.focus();
        }
      }
    });
  }
  // Opened from a file, the browser lets no page fetch the index.
  if (window.location.protocol === "file:") {
    unavailable(
      "it needs the site served, not opened from a file: run \u201cnominutes serve\u201d, " +
        "or \u201cpython3 -m http.server -d _site\u201d and open http://localhost:8000/.",
    );
    return;
  }
  fetch(new URL("shards.json", index))
    .then(function (response) {
      if (!response.ok) {
        throw new Error("no search index");
      }
      return response.json();
    })
    .then(function (shards) {
      if (!shards.length) {
        throw new Error("nothing indexed");
      }
      return shards;
    })
    .then(
      function (shards) {
        // A shard that cannot be loaded (a site published in part) would leave every
        // search waiting: say so instead.
        return start(shards).catch(function (error) {
          console.error(error);
          unavailable("its index could not be loaded. Try again later.");
        });
      },
      function () {
        unavailable("this site was built without a search index.");
      },
    );
})();
