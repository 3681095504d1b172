// Starts Redoc on /api/redoc/ (dialogue/templates/dialogue/redoc.html) from a file rather than
// an inline script. Redoc writes its styles into <style> elements at run time; given this
// script's CSP nonce, it marks them with it, so the policy needs no 'unsafe-inline'.
(function () {
  const script = document.currentScript;
  const settings = JSON.parse(script.dataset.settings || "{}");
  settings.nonce = script.nonce;
  Redoc.init(script.dataset.schemaUrl, settings, document.getElementById("redoc-container"));
})();
