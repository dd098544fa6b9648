// page.evaluate(this) once a page has loaded: its widget JSON written inline, how many widgets
// it has, and whether its Python was asked for (window.__pyAsked, from python-probe.js).
() => ({
  inlineJson: [...document.querySelectorAll('script[type="application/json"]')]
    .filter((s) => s.id !== "__config").map((s) => s.textContent),
  asked: window.__pyAsked ?? null,
  playgrounds: document.querySelectorAll("[data-pg-root]").length,
  visualizers: document.querySelectorAll('[data-widget="training-visualizer"]').length,
})
