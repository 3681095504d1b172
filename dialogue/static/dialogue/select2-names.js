// The admin's autocompletes (select2) name their controls after the field they stand for, as
// its label or its aria-label names it: select2 draws a combobox, a text box and a search field
// without a name of their own, and an "×" that clears the choice inside its list of choices.
// select2 draws them again as choices are made and inline rows added, hence the observer.
(() => {
  function fieldName(select) {
    const label = select.id && document.querySelector(`label[for="${select.id}"]`);
    const text = select.getAttribute("aria-label") || (label ? label.textContent : "");
    return text.trim().replace(/:$/, "");
  }

  function setAttribute(element, name, value) {
    if (element.getAttribute(name) !== value) element.setAttribute(name, value);
  }

  function nameControls() {
    for (const select of document.querySelectorAll("select.select2-hidden-accessible")) {
      const container = select.nextElementSibling;
      const name = fieldName(select);
      if (!name || !container || !container.classList.contains("select2-container")) continue;
      // A single choice's combobox is labelled by its text box (select2's aria-labelledby),
      // which takes the name given to it.
      for (const control of container.querySelectorAll(
        ".select2-selection:not([aria-labelledby]), .select2-selection__rendered[role=textbox], .select2-search__field",
      )) {
        setAttribute(control, "aria-label", name);
      }
      // A mouse's shortcut (the keyboard clears with Backspace), and not an item of the list.
      for (const clear of container.querySelectorAll("ul .select2-selection__clear")) {
        setAttribute(clear, "aria-hidden", "true");
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    nameControls();
    new MutationObserver(nameControls).observe(document.body, { childList: true, subtree: true });
  });
})();
