// Accord: copying text to the clipboard, for the paragraph-link buttons (accord-para.js) and the
// cite box's buttons (accord-cite.js). Loaded before both (accord.sphinxext.paragraphs).
"use strict";

window.accordCopy = async (text) => {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Pages served over plain http have no clipboard API: the older way still works there.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
};
