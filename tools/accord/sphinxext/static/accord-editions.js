// On a page of an official edition, say when a newer edition has replaced it and link to the
// same page there. Published editions are never rebuilt, so this is decided in the browser from
// the site's versions.json (written by `accord edition publish`).
"use strict";

(function () {
  // Sphinx declares DOCUMENTATION_OPTIONS with `const`: a global binding, not a window property.
  // eslint-disable-next-line no-undef
  const options = typeof DOCUMENTATION_OPTIONS === "undefined" ? {} : DOCUMENTATION_OPTIONS;
  const current = options.theme_switcher_version_match;
  if (!current || current === "draft" || !options.theme_switcher_json_url) {
    return;
  }
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);

  function notice(newest) {
    const box = document.createElement("div");
    box.className = "accord-notice accord-replaced";
    box.setAttribute("role", "status");
    const text = document.createElement("p");
    text.append(`A newer official edition, ${newest.version}, replaces edition ${current}. `);
    const link = document.createElement("a");
    link.href = new URL(`${options.pagename || "index"}.html`, new URL(newest.url, root)).href;
    link.textContent = `Read this page in edition ${newest.version}`;
    text.append(link, ".");
    box.append(text);
    return box;
  }

  async function show() {
    const response = await fetch(new URL(options.theme_switcher_json_url, root));
    if (!response.ok) {
      return;
    }
    const entries = await response.json();
    const newest = entries.find((entry) => entry.preferred && entry.version !== "draft");
    if (!newest || newest.version === current || typeof newest.url !== "string") {
      return;
    }
    const article = document.querySelector("article.bd-article") || document.querySelector("main");
    if (article) {
      article.prepend(notice(newest));
    }
  }

  show().catch(() => {
    // Without versions.json (a local build, a file:// page) there is nothing to compare with.
  });
})();
