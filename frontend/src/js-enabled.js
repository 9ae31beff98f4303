// Runs before the page draws so NHS.UK frontend's JavaScript-only styles apply
// without a flash. A file, not inline, so the content security policy can forbid inline script.
document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("nhsuk-frontend-supported");
}
