// The timeline's long lists (countries, mechanisms…) get a box that narrows their options as
// one types: searchable, offline, and with no inline script or style (the page's CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("form.filters select")) {
    if (select.options.length < 12) continue;
    const box = document.createElement("input");
    box.type = "search";
    box.className = "filter-box";
    box.placeholder = "Type to narrow…";
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    const name = label ? label.textContent.trim().replace(/:$/, "") : select.name;
    box.setAttribute("aria-label", `Narrow the list: ${name}`);
    box.addEventListener("input", () => {
      const wanted = box.value.trim().toLowerCase();
      for (const option of select.options) {
        option.hidden = Boolean(wanted) && !option.text.toLowerCase().includes(wanted) && !option.selected;
      }
    });
    select.before(box);
  }
});
