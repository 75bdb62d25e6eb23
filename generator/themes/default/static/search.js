// Start Pagefind's search box and run the query from the header form (?q=...).
(function () {
  if (typeof PagefindUI === "undefined") {
    document.getElementById("search").textContent =
      "Search is not available: this site was built without a search index.";
    return;
  }
  var ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    openFilters: ["type", "theme"],
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
})();
