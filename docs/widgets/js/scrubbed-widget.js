// What the Training Loop Visualizer's two views share (training-visualizer.js, the
// lesson's stored runs; spec-visualizer.js, a run of a spec): their parts, the
// transport and the redraws a page's changes ask for. Nothing here words or
// computes anything; the text comes from the build's JSON.

// The loss chart; its axis ticks are round steps (0.2, 0.5, ...): one decimal writes them exactly.
export const LOSS_CHART = { width: 320, height: 170, yFormat: (v) => v.toFixed(1) };

export function check(condition, message) {
  if (!condition) throw new TypeError(`training visualizer: ${message}`);
}

/** Replace an element's text, only when it differs. */
export function fill(element, text) {
  if (element.textContent !== text) element.textContent = text;
}

/** What both kinds of visualizer share: their parts, the transport (back, play, step, the scrubber over
 *  positions 0..lastPosition()), the pinned transport and a redraw of the map on a change of scheme.
 *  A subclass gives position(), lastPosition(), seek(position) and drawMap(force). */
export class ScrubbedWidget {
  constructor(root, scope = root) {
    // The build's block options (build_hooks/snapshots.py container()): the same names as the
    // widget's state and its URL keys.
    this.options = JSON.parse(root.dataset.options || "{}");
    check(this.options.id, "the widget's options need its id");
    this.id = this.options.id;
    this.root = root;
    this.scope = scope; // where its parts are: the container, or one view inside it
    this.parts = new Map();
    this.reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");
    this.timer = null;
  }

  /** The map reads its colours from CSS: draw it again when the reader switches light/dark.
   *  Instant navigation removes the widget without unloading this module: then let go. */
  watchScheme() {
    const observer = new MutationObserver(() => {
      if (this.root.isConnected) this.drawMap(true);
      else observer.disconnect();
    });
    observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  /** Mark the widget while its sticky transport is pinned under the header (the CSS then keeps
   *  Material's "Back to top" button away from Play). */
  watchPinned() {
    const transport = this.part("play").closest(".nn-tv-transport");
    const pinned = () => {
      if (!this.root.isConnected) {
        window.removeEventListener("scroll", pinned);
        return;
      }
      const top = parseFloat(getComputedStyle(transport).top);
      const box = transport.getBoundingClientRect();
      const stuck = Number.isFinite(top) && box.top <= top + 1 && this.root.getBoundingClientRect().top < box.top - 1;
      this.root.classList.toggle("nn-tv--pinned", stuck);
    };
    window.addEventListener("scroll", pinned, { passive: true });
    // The first look once the frame that shows the widget is laid out, so that reading the layout
    // costs nothing (read now, it would lay out the page in the middle of the widget's drawing).
    requestAnimationFrame(() => setTimeout(pinned, 0));
  }

  part(name) {
    if (!this.parts.has(name)) {
      const found = this.scope.querySelector(`[data-tv="${name}"]`);
      check(found, `the markup has no [data-tv="${name}"]`);
      this.parts.set(name, found);
    }
    return this.parts.get(name);
  }

  bindTransport() {
    const scrubber = this.part("scrubber");
    scrubber.addEventListener("input", () => {
      this.stop();
      this.seek(Number(scrubber.value));
    });
    this.part("back").addEventListener("click", () => {
      this.stop();
      this.seek(this.position() - 1);
    });
    this.part("forward").addEventListener("click", () => {
      this.stop();
      this.seek(this.position() + 1);
    });
    this.part("play").addEventListener("click", () => (this.timer ? this.stop() : this.play()));
  }

  play() {
    if (this.position() >= this.lastPosition()) this.seek(0);
    // With reduced motion the run advances in slow, distinct steps; otherwise it
    // takes about five seconds from start to end. It never starts by itself.
    const interval = this.reducedMotion.matches ? 1000 : Math.max(50, Math.round(5000 / this.lastPosition()));
    this.timer = window.setInterval(() => {
      if (!this.root.isConnected || this.position() >= this.lastPosition()) this.stop();
      else this.seek(this.position() + 1);
      if (this.position() >= this.lastPosition()) this.stop();
    }, interval);
    this.showPlaying(true);
  }

  stop() {
    if (!this.timer) return;
    window.clearInterval(this.timer);
    this.timer = null;
    this.showPlaying(false);
  }

  showPlaying(playing) {
    // The label says what a press does; a changing label needs no aria-pressed as well.
    const button = this.part("play");
    button.dataset.playing = String(playing);
    button.querySelector("[data-tv-label]").textContent = playing ? "Pause" : "Play";
  }
}
