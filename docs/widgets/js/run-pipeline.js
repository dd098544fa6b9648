// Training a reader's run on two cores: a second Python (python-second.js) trains epoch after epoch
// (call spec_train: the networks only), while the page's own Python judges the networks trained so far
// and words them (call spec_run with "networks"), piece after piece; while the judge is the slower
// of the two, the second also works out the decision maps of the stored epochs (spec_run's "maps"),
// which the first otherwise does. Training an epoch and judging it take about as long, so together
// they go nearly twice as fast as one Python doing both, where the two cores are free.
// The numbers are the same either way: spec_run takes the networks where it would otherwise train
// them itself, with the very same code (lesson_py.trainer.trained), and tests/test_spec_pipeline.py
// holds the two ways equal.
//
//   const pipeline = new RunPipeline(flat, second);   // second: secondPython(), ready or not
//   pending = pipeline.next(reply, count);             // after each piece: the next piece's reply
//   pipeline.stop();                                   // when the run is cancelled or replaced

import { call } from "./python.js";

const TRAIN_MS = 120;  // a call of the second Python aims at about this long, so a stop waits at most that
const MAX_TRAIN = 200; // epochs in one call of the second Python at most
const AHEAD = 400;     // epochs trained beyond the judged ones at most (the networks wait in the page)

export class RunPipeline {
  /** flat: the spec (lesson_py.spec.to_flat's options); second: the second Python, or null. */
  constructor(flat, second) {
    this.flat = flat;
    this.second = second;
    this.networks = new Map(); // epoch -> that epoch's network, trained by the second Python
    this.maps = new Map();     // epoch -> its decision map (confidences) or null, beside the network
    this.trainedTo = 0;        // the last epoch whose network is here (or judged)
    this.end = false;          // the second Python trained the run's last epoch, or could not train further
    this.training = null;      // the second Python's training loop, once started
    this.failed = false;       // the second Python failed: the first trains alone from then on
    this.stopped = false;
    this.wake = null;          // resolves when networks come (the judge is waiting for them)
    this.ready = false;        // the second Python is ready (until then the first trains, not waiting for it)
    this.held = null;          // the first Python's next piece waits for this (holdUntil)
    if (second) second.ready.then(() => { this.ready = true; }, () => { this.failed = true; });
  }

  /** Whether the second Python can take the training now. */
  shared() {
    return this.ready && !this.failed && !this.stopped;
  }

  /** The first Python's next piece waits for `promise` (the page's first showing of the run, which then
   *  has a core of its own); the second Python trains meanwhile, and the judge catches up after. */
  holdUntil(promise) {
    this.held = promise;
  }

  /** The next piece after `reply` (a spec_run answer with a "next"): judged from the second Python's
   *  networks when it can train, else trained and judged by the first Python (count epochs). */
  async next(reply, count) {
    const from = reply.next.from;
    this.share(reply.next);
    if (this.held) {
      await this.held;
      this.share(reply.next); // the second Python may have become ready while this piece waited
    }
    if (this.shared()) {
      await this.trainedBeyond(from);
      if (this.shared() && (this.networks.has(from + 1) || this.end)) return this.judge(reply.next, count);
    }
    return call("spec_run", { spec: this.flat, count, ...reply.next });
  }

  /** The second Python trains from `next` (its from and network) on, if it can and does not yet. */
  share(next) {
    if (this.shared() && !this.training) this.startTraining(next.from, next.network);
  }

  /** Judge the networks trained after `next.from` (at most `count` of them, and all when training ended). */
  judge(next, count) {
    const take = [];
    const maps = [];
    for (let e = next.from + 1; this.networks.has(e) && take.length < count; e++) {
      take.push(this.networks.get(e));
      maps.push(this.maps.get(e));
    }
    for (let e = next.from + 1; e <= next.from + take.length; e++) { // the reply's next holds the last
      this.networks.delete(e);
      this.maps.delete(e);
    }
    const end = this.end && !this.networks.has(next.from + take.length + 1);
    return call("spec_run", { spec: this.flat, ...next, networks: take, maps, end });
  }

  /** Wait until the network of epoch from + 1 is here, or training ended, failed or stopped. */
  async trainedBeyond(from) {
    while (this.shared() && !this.end && !this.networks.has(from + 1)) {
      await new Promise((resolve) => { this.wake = resolve; });
    }
  }

  /** Train from epoch `from` (its network given) in the second Python, a call after another, until the
   *  run's end, a stop, or AHEAD epochs beyond what is judged. */
  startTraining(from, network) {
    this.trainedTo = from;
    let last = network;
    let count = 1;
    const loop = async () => {
      while (!this.stopped && !this.end) {
        const judged = Math.min(...this.networks.keys(), this.trainedTo + 1) - 1; // the first network waiting, less one
        if (this.trainedTo - judged > AHEAD) { await new Promise((resolve) => setTimeout(resolve, TRAIN_MS)); continue; }
        // The stored epochs' maps are worked out here while networks wait to be judged (the judge is the
        // slower), and by the judge when it waits for networks (this Python is): the same numbers either way.
        const maps = this.networks.size >= count;
        const asked = performance.now();
        const answer = await this.second.call("spec_train", { spec: this.flat, from: this.trainedTo, network: last, count, maps });
        if (this.stopped) return;
        const took = performance.now() - asked;
        answer.networks.forEach((net, i) => {
          this.trainedTo += 1;
          this.networks.set(this.trainedTo, net);
          this.maps.set(this.trainedTo, answer.maps[i]);
        });
        if (answer.networks.length) last = answer.networks[answer.networks.length - 1];
        this.end = answer.end;
        count = Math.max(1, Math.min(MAX_TRAIN, Math.round(count * TRAIN_MS / Math.max(took, 1))));
        this.poke();
      }
    };
    this.training = loop().catch(() => { this.failed = true; this.poke(); });
  }

  poke() {
    if (this.wake) { const wake = this.wake; this.wake = null; wake(); }
  }

  stop() {
    this.stopped = true;
    this.poke();
  }
}
