// Runs before any page script: brings the first Neuron Playground into view once the page is parsed.
document.addEventListener("DOMContentLoaded", () => {
  const widget = document.querySelector("[data-pg-root]");
  if (widget) widget.scrollIntoView({ block: "start" });
});
