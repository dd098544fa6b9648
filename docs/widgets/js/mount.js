// Mount widgets on every page Material shows, including pages reached through
// instant navigation (which swaps the page without reloading our modules).

/**
 * Call `mount(element)` once for every element matching `selector` on each page.
 * Material's `document$` emits on the first load and after every instant navigation;
 * without it (a plain page) we fall back to the document being ready.
 */
export function onEveryPage(selector, mount) {
  const run = () => {
    for (const element of document.querySelectorAll(selector)) {
      if (element.dataset.mounted) continue;
      element.dataset.mounted = "true";
      try {
        mount(element);
      } catch (error) {
        element.dataset.mounted = "failed";
        console.error(`could not start the widget ${element.id || selector}:`, error);
      }
    }
  };
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(run);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run, { once: true });
  } else {
    run();
  }
}

/** Read the JSON embedded in (or linked from) a widget container. */
export async function widgetData(element) {
  const inline = element.querySelector('script[type="application/json"]');
  if (inline) return JSON.parse(inline.textContent);
  const url = element.dataset.src;
  if (!url) throw new Error(`widget ${element.id} has no data`);
  const response = await fetch(new URL(url, document.baseURI));
  if (!response.ok) throw new Error(`could not load ${url}: ${response.status}`);
  return response.json();
}
