/* Printing a chapter: the Print button, <details> opened while printing, and which links print
   their address. Plain script, no dependencies; the site works the same without it. */
(function () {
  "use strict";

  // The Print button (overrides/main.html). Attached here, not inline, so a strict
  // Content-Security-Policy without 'unsafe-inline' still allows it.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-guide-print]");
    if (button) window.print();
  });

  // CSS cannot open a collapsed <details> (??? blocks), so its text would be lost on paper.
  // Open every closed one just before printing and close the same ones afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.open = true;
      opened.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  // print.css prints each external link's address after its text. Skip it where the text
  // already is the address, or where it is the DOI or PubMed number the address is made of
  // (the reference lists show those as "doi:10.x/y" and "PubMed: 123").
  function bare(text) {
    return text.trim().toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/+$/, "");
  }
  function markBareLinks() {
    document.querySelectorAll('.md-content a[href^="http"]').forEach(function (link) {
      var address = bare(link.getAttribute("href") || "");
      var text = bare(link.textContent || "");
      if (text && (address === text || address === "doi.org/" + text ||
                   address === "pubmed.ncbi.nlm.nih.gov/" + text)) {
        link.classList.add("guide-link--bare");
      }
    });
  }
  // scripts/print_pdf.py calls this again on the whole guide, which it assembles after loading.
  window.guideMarkBareLinks = markBareLinks;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markBareLinks);
  } else {
    markBareLinks();
  }
})();
