// Accord: "Copy" buttons in the cite box (accord.sphinxext.reuse) beside each form of the citation
// (the plain "Cite as" line, BibTeX, CSL-JSON). Without script the box is the same, its text
// selectable; the buttons only save selecting it.
"use strict";

(() => {
  // Each form's name (a paragraph) is followed by the form itself (a paragraph or a code block).
  function addButton(label) {
    const form = label.nextElementSibling;
    if (!form) return;
    const name = label.textContent.trim();
    const button = document.createElement("button");
    button.type = "button";
    button.className = "accord-cite-copy btn btn-sm";
    // The visible word starts the accessible name, so that voice control finds the button.
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ` ${name}`;
    button.append("Copy", hidden);
    const status = document.createElement("span");
    status.className = "accord-cite-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      const source = form.querySelector("pre") || form;
      try {
        await window.accordCopy(source.textContent.trim());
        status.textContent = "Copied";
      } catch {
        status.textContent = "Select the text to copy it";
      }
      window.setTimeout(() => {
        status.textContent = "";
      }, 3000);
    });
    label.append(" ", button, " ", status);
  }

  function init() {
    document.querySelectorAll("details.accord-cite .accord-cite-format").forEach(addButton);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
