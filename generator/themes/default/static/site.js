// Every page's script (a file, not inline, so the pages' Content-Security-Policy can refuse
// inline scripts).
// Opened from a file, a link to a folder shows the folder: lead it to the folder's index.html.
if (location.protocol === "file:") {
  document.querySelectorAll("a[href], form[action]").forEach(function (element) {
    var name = element.hasAttribute("href") ? "href" : "action";
    var link = /^([^?#]*\/)([?#].*)?$/.exec(element.getAttribute(name));
    if (link && !/^([a-z][a-z0-9+.-]*:|\/)/i.test(link[1])) {
      element.setAttribute(name, link[1] + "index.html" + (link[2] || ""));
    }
  });
  // A moved page's refresh would show the new page's folder: go to its index.html.
  var moved = document.getElementById("moved-to");
  if (moved) {
    location.replace(moved.href);
  }
}
// A table's scrolling region is a tab stop, to scroll it by keyboard, only while its table is
// wider than it: where the table fits, the stop is taken away until a narrower window or larger
// text needs it. Each region and its table are watched for a change of size (larger text
// changes theirs and not the window's); a browser without ResizeObserver looks again on resize.
(function () {
  var regions = document.querySelectorAll(".table-scroll[tabindex]");
  function tabStops() {
    regions.forEach(function (region) {
      if (region.scrollWidth > region.clientWidth) {
        region.setAttribute("tabindex", "0");
      } else {
        region.removeAttribute("tabindex");
      }
    });
  }
  if (!regions.length) {
    return;
  }
  tabStops();
  if ("ResizeObserver" in window) {
    var watcher = new ResizeObserver(tabStops);
    regions.forEach(function (region) {
      watcher.observe(region);
      if (region.firstElementChild) {
        watcher.observe(region.firstElementChild);
      }
    });
  } else {
    window.addEventListener("resize", tabStops);
  }
})();
// Each address on the subscribe page gets a button that copies it (where the browser lets a
// page write the clipboard: on a site served over https, or from this computer).
(function () {
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("code.address").forEach(function (address) {
    var name = address.closest("dd").previousElementSibling.textContent;
    var button = document.createElement("button");
    var said = document.createElement("span");
    button.type = "button";
    button.className = "copy";
    button.textContent = "Copy the address";
    button.setAttribute("aria-label", "Copy the address of " + name);
    said.setAttribute("role", "status");
    said.className = "copied";
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(address.textContent).then(
        function () {
          said.textContent = "Copied";
        },
        function () {
          said.textContent = "Could not copy: select the address and copy it";
        }
      );
    });
    address.after(button, said);
  });
})();
