// "Check with Python" in the Training Loop Visualizer (both views: the lesson's stored
// runs, training-visualizer.js, and a run of a spec, spec-visualizer.js). The page's
// Python worker retrains the shown checkpoint with lesson_py and compares; its answer
// is worded by Python ({matches, sentence, details}: lesson_py.widgets.visualizer
// check_words for the lesson's runs, lesson_py.widgets.run_check for a spec's). This
// module only asks, shows the answer, and drops an answer for a checkpoint no longer shown.

import { call as callPython, statusElement } from "./python.js";
import { fill } from "./scrubbed-widget.js";

export class PythonCheck {
  /** `widget`: a ScrubbedWidget whose markup has the check's parts (build_hooks/training_visualizer.py
   *  check_box); `ask()`: {name, args, asking} for the shown checkpoint: the call, its arguments and the
   *  status line while Python works. */
  constructor(widget, ask) {
    this.widget = widget;
    this.ask = ask;
    this.token = 0;
    widget.part("check").addEventListener("click", () => this.run());
    widget.part("check-box").append(statusElement({
      idleText: "Python loads the first time you press the button (a download of several megabytes, once).",
    }));
  }

  /** The shown checkpoint changed: forget the answer (and any answer still on its way). */
  clear() {
    this.token += 1;
    this.show("", "", null);
    this.widget.part("check").disabled = false;
  }

  /** The check's result: a plain sentence, and the details behind a <details> (both worded by Python). */
  show(sentence, details, result) {
    const part = (name) => this.widget.part(name);
    const status = part("check-status");
    fill(part("check-sentence"), sentence);
    fill(part("check-details"), details);
    const more = part("check-more");
    more.hidden = !details;
    if (!details) more.open = false;
    if (result) status.dataset.result = result;
    else delete status.dataset.result;
  }

  async run() {
    const token = ++this.token;
    const button = this.widget.part("check");
    const current = () => token === this.token;
    const { name, args, asking } = this.ask();
    button.disabled = true;
    this.show(asking, "", null);
    try {
      const answer = await callPython(name, args);
      if (current()) this.show(answer.sentence, answer.details, answer.matches ? "match" : "mismatch");
    } catch (error) {
      if (current()) this.show(`Could not check with Python: ${error.message || error}`, "", "error");
    } finally {
      if (current()) button.disabled = false;
    }
  }
}
