// On a page of an official edition, say when a newer edition has replaced it, whether THIS document
// changed since, and link to what changed. Published editions are never rebuilt, so this is decided
// in the browser from the site's versions.json and latest/history/index.json (both written by
// `accord edition publish`). Without JavaScript the page's banner already says where the latest
// text is (its stable address under latest/).
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
  const pagename = options.pagename || "index";

  function link(href, text) {
    const anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = text;
    return anchor;
  }

  // What became of this document in the editions after this one: null when the site has no
  // history for it (not a document, or an older site).
  function fate(history, site) {
    const id = pagename.split("/").pop();
    const entry = history && history.documents && history.documents[id];
    if (!entry || !Array.isArray(entry.editions)) {
      return null;
    }
    const tags = entry.editions.map((item) => item.tag);
    const at = tags.indexOf(current);
    const later = entry.editions.slice(at + 1);
    const changed = later.find((item) => item.changed && item.redline);
    return {
      changed,
      history: new URL(entry.history, site).href,
      gone: at >= 0 && later.length === 0,
    };
  }

  function notice(newest, page, found) {
    const box = document.createElement("div");
    box.className = "accord-notice accord-replaced";
    box.setAttribute("role", "status");
    const text = document.createElement("p");
    text.append(`A newer official edition, ${newest.version}, replaces edition ${current}. `);
    if (found && found.gone) {
      text.append(`This document is not in edition ${newest.version}. `);
    } else if (found && found.changed) {
      text.append(`This document changed in edition ${found.changed.tag}: `);
      text.append(link(found.changed.redline, "see what changed"), ". ");
    } else if (found) {
      text.append("This document has not changed since. ");
    }
    if (!(found && found.gone)) {
      text.append(link(page, `Read it in edition ${newest.version}`), ". ");
    }
    if (found) {
      text.append(link(found.history, "Its history"), ".");
    }
    box.append(text);
    return box;
  }

  async function json(url) {
    const response = await fetch(url);
    return response.ok ? response.json() : null;
  }

  async function show() {
    const versions = new URL(options.theme_switcher_json_url, root);
    const entries = await json(versions);
    const newest = entries && entries.find((entry) => entry.preferred && entry.version !== "draft");
    if (!newest || newest.version === current || typeof newest.url !== "string") {
      return;
    }
    const site = new URL("./", versions);
    const history = await json(new URL("latest/history/index.json", site)).catch(() => null);
    const found = fate(history, site);
    if (found && found.changed) {
      found.changed.redline = new URL(found.changed.redline, site).href;
    }
    const page = new URL(`${pagename}.html`, new URL(newest.url, root)).href;
    const article = document.querySelector("article.bd-article") || document.querySelector("main");
    if (article) {
      article.prepend(notice(newest, page, found));
    }
  }

  show().catch(() => {
    // Without versions.json (a local build, a file:// page) there is nothing to compare with.
  });
})();
