// Accord: a "copy link" button beside each numbered paragraph's number (accord.sphinxext.paragraphs).
// The number itself is already a permalink (#p-N); this only adds copying it, so without script
// nothing is lost. It reads nothing from the page's text: the link comes from the anchor's href.
"use strict";

(() => {
  const SVG = "http://www.w3.org/2000/svg";

  function icon() {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "14");
    svg.setAttribute("height", "14");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(SVG, "path");
    path.setAttribute("fill", "currentColor");
    path.setAttribute(
      "d",
      "M6.4 9.6a.75.75 0 0 1 0-1.06l2.1-2.1a.75.75 0 1 1 1.06 1.06l-2.1 2.1a.75.75 0 0 1-1.06 0Z" +
        "M4.3 8.5 3.2 9.6a2.25 2.25 0 0 0 3.2 3.2l1.1-1.1a.75.75 0 1 1 1.06 1.06l-1.1 1.1a3.75 3.75 0 " +
        "0 1-5.3-5.3l1.1-1.1A.75.75 0 1 1 4.3 8.5Zm7.4-1 1.1-1.1a2.25 2.25 0 0 0-3.2-3.2L8.5 4.3A.75.75 " +
        "0 1 1 7.44 3.24l1.1-1.1a3.75 3.75 0 0 1 5.3 5.3l-1.1 1.1a.75.75 0 1 1-1.06-1.06Z",
    );
    svg.appendChild(path);
    return svg;
  }

  function addButton(number) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "accord-para-copy";
    const label = `Copy link to paragraph ${number.textContent}`;
    button.title = label;
    button.setAttribute("aria-label", label);
    button.appendChild(icon());
    button.addEventListener("click", async () => {
      const url = new URL(number.getAttribute("href"), window.location.href).href;
      try {
        await window.accordCopy(url);
        button.classList.add("accord-copied");
        button.title = "Link copied";
      } catch {
        // Without a clipboard, show the link in the address bar for the reader to copy.
        window.location.hash = new URL(url).hash;
        button.title = "Copy the address from the address bar";
      }
      window.setTimeout(() => {
        button.classList.remove("accord-copied");
        button.title = label;
      }, 2000);
    });
    number.after(button);
    // One tab stop per paragraph: the button, which names the paragraph, takes the number's place
    // in the keyboard order (the number stays a link for the mouse; without script it is the stop).
    number.tabIndex = -1;
  }

  function init() {
    document.querySelectorAll("a.accord-para-number").forEach(addButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
