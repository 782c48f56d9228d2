// Accord: on the search page, each result that is a document says its status and version
// (accord.sphinxext.searchfacts writes them into the page as JSON, by docname).
"use strict";

(() => {
  const data = document.getElementById("accord-search-facts");
  const results = document.getElementById("search-results");
  if (!data || !results) return;
  const facts = JSON.parse(data.textContent);
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);

  function docname(link) {
    const url = new URL(link.href, window.location.href);
    if (!url.pathname.startsWith(root.pathname)) return null;
    const path = decodeURIComponent(url.pathname.slice(root.pathname.length));
    // html builder: "positions/x.html"; dirhtml: "positions/x/" (an index page: "positions/")
    return path.replace(/\.html$/, "").replace(/\/$/, "") || "index";
  }

  function annotate(item) {
    const link = item.querySelector("a");
    if (!link || item.querySelector(".accord-search-facts")) return;
    const name = docname(link);
    const said = name && (facts[name] || facts[`${name}/index`]);
    if (!said) return;
    const span = document.createElement("span");
    span.className = "accord-search-facts";
    span.textContent = said;
    link.after(span);
  }

  new MutationObserver(() => results.querySelectorAll("li").forEach(annotate)).observe(results, {
    childList: true,
    subtree: true,
  });
})();
