// The timeline's long lists (countries, mechanisms…) get a box that narrows their options as
// one types: searchable, offline, and with no inline script or style (the page's CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("form.filters select[multiple]")) {
    if (select.options.length < 12) continue;
    const box = document.createElement("input");
    box.type = "search";
    box.className = "filter-box";
    box.placeholder = "Type to narrow…";
    box.setAttribute("aria-label", `Narrow the list: ${select.name}`);
    box.addEventListener("input", () => {
      const wanted = box.value.trim().toLowerCase();
      for (const option of select.options) {
        option.hidden = Boolean(wanted) && !option.text.toLowerCase().includes(wanted) && !option.selected;
      }
    });
    select.before(box);
  }
});
