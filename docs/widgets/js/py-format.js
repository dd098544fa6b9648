// Numbers written exactly as Python's f-strings write them, so that a figure in
// the page reads the same as lesson_py's shown() and percent() print it at build time.
//
// JavaScript's toFixed and Python's format both round the exact binary value of
// a double; they differ only on an exact tie (a value lying exactly halfway,
// like 0.125 at 2 decimals): toFixed rounds it up, Python to the even neighbour.
// A double x is such a tie at d decimals exactly when x·2^(d+1) is an odd
// integer (then x·10^d = odd·5^d / 2), a test that is exact in floating point.

function check(condition, message) {
  if (!condition) throw new TypeError(`py-format: ${message}`);
}

/** f"{value:.{decimals}f}" in Python: fixed(0.125, 2) = "0.12", fixed(-0.001, 2) = "-0.00". */
export function fixed(value, decimals) {
  check(typeof value === "number" && Number.isFinite(value), `not a finite number: ${value}`);
  check(Number.isInteger(decimals) && decimals >= 0 && decimals <= 20, `bad number of decimals: ${decimals}`);
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  let text = magnitude.toFixed(decimals);
  const scaled = magnitude * 2 ** (decimals + 1);
  if (Number.isInteger(scaled) && scaled % 2 === 1 && scaled <= Number.MAX_SAFE_INTEGER) {
    // A tie: the two candidates are (k·5^d ∓ 1)/2; Python keeps the even one.
    const low = (BigInt(scaled) * 5n ** BigInt(decimals) - 1n) / 2n;
    const even = low % 2n === 0n ? low : low + 1n;
    const digits = even.toString().padStart(decimals + 1, "0");
    text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  }
  return negative ? `-${text}` : text;
}

/** lesson_py.neuron.shown: a value to `decimals` places that never reads "-0.00". */
export function shown(value, decimals = 2) {
  const text = fixed(value, decimals);
  return text.startsWith("-") && Number(text) === 0 ? text.slice(1) : text;
}

/** lesson_py.neuron.percent: a probability as a whole percentage, percent(0.4403) = "44%". */
export function percent(probability) {
  return `${fixed(probability * 100, 0)}%`;
}
