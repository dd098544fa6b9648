"""The decision map's coloured square in headless Chromium: its picture is, byte for byte, every pixel
worked out on its own (the grid read between the four nearest cells' centres, the class's colour by the
undecided band, blended from the neutral by the strength of the shade), the way the map has always been
drawn, for square and odd sizes, grids with undecided cells, and a canvas of one pixel."""

import pytest

PAGE = "interactive/"

# The reference: each pixel on its own, the straightforward formula (no sharing between rows or columns).
COMPARE = r"""
async ({ module, cases }) => {
  const { DecisionMap } = await import(module);
  const canvas = document.createElement("canvas");
  const map = new DecisionMap(canvas);
  const between = (values, size, gx, gy) => {
    const x = Math.min(size - 1, Math.max(0, gx)), y = Math.min(size - 1, Math.max(0, gy));
    const x0 = Math.floor(x), y0 = Math.floor(y);
    const x1 = Math.min(size - 1, x0 + 1), y1 = Math.min(size - 1, y0 + 1);
    const fx = x - x0, fy = y - y0;
    const top = values[y0 * size + x0] * (1 - fx) + values[y0 * size + x1] * fx;
    const bottom = values[y1 * size + x0] * (1 - fx) + values[y1 * size + x1] * fx;
    return top * (1 - fy) + bottom * fy;
  };
  const results = [];
  for (const { size, width, height, band, shade, seed } of cases) {
    let state = seed;
    const random = () => { state = (state * 16807) % 2147483647; return state / 2147483647; };
    // Confidences as the build quantises them (bin centres), with some cells exactly on the fence.
    const values = Array.from({ length: size * size }, () => (random() < 0.15 ? 0.5 : (Math.floor(random() * 20) + 0.5) / 20));
    const tint = { positive: [31, 119, 180], negative: [214, 39, 40], undecided: [238, 238, 238] };
    const got = map.picture(values, size, band, shade, tint, width, height).data;
    let differ = 0, first = null;
    for (let py = 0; py < height; py++) {
      const gy = ((py + 0.5) / height) * size - 0.5;
      for (let px = 0; px < width; px++) {
        const p = between(values, size, ((px + 0.5) / width) * size - 0.5, gy);
        const colour = p < band[0] ? tint.negative : p > band[1] ? tint.positive : tint.undecided;
        const strength = shade.weakest + shade.range * Math.abs(p - 0.5) * 2;
        const i = (py * width + px) * 4;
        for (let c = 0; c < 4; c++) {
          const want = c === 3 ? 255 : Math.round(tint.undecided[c] + (colour[c] - tint.undecided[c]) * strength);
          if (got[i + c] !== want) { differ++; if (!first) first = { px, py, c, got: got[i + c], want }; }
        }
      }
    }
    results.push({ size, width, height, differ, first, bytes: got.length });
  }
  return results;
}
"""

CASES = [
    {"size": 24, "width": 480, "height": 480, "band": [0.45, 0.55], "shade": {"weakest": 0.25, "range": 0.75}, "seed": 7},
    {"size": 24, "width": 333, "height": 333, "band": [0.5, 0.5], "shade": {"weakest": 0.1, "range": 0.9}, "seed": 11},
    {"size": 7, "width": 50, "height": 31, "band": [0.4, 0.6], "shade": {"weakest": 0.3, "range": 0.6}, "seed": 3},
    {"size": 1, "width": 5, "height": 5, "band": [0.45, 0.55], "shade": {"weakest": 0.25, "range": 0.75}, "seed": 5},
    {"size": 24, "width": 1, "height": 1, "band": [0.45, 0.55], "shade": {"weakest": 0.25, "range": 0.75}, "seed": 9},
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['size']}-cells-{c['width']}x{c['height']}")
def test_the_picture_is_every_pixel_worked_out_on_its_own(page, site_url, case):
    page.goto(site_url + PAGE)
    [result] = page.evaluate(COMPARE, {"module": site_url + "widgets/js/decision-map.js", "cases": [case]})
    assert result["bytes"] == case["width"] * case["height"] * 4
    assert result["differ"] == 0, f"{result['differ']} bytes differ, the first: {result['first']}"
