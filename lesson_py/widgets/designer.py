"""The "Design your own run" panel's controls: one per field of lesson_py.spec.FIELDS.

Each control's range, step, default and choices come from that table; only the
label and the hint are worded here.

>>> [f["name"] for f in designer_fields()][:3]
['dataset', 'points', 'noise']
"""

from __future__ import annotations

from typing import Any

from ..spec import FIELDS, GENERATED, GENERATOR_FIELDS, MAX_LAYERS, MAX_NEURONS, shown as bound
from .spec_runs import DATASET_WORDS


FIELD_WORDS = {
    "dataset": ("Dataset", "Which points to learn."),
    "points": ("Points", "Generated points, test points included"),
    "noise": ("Noise", "How far each generated coordinate is shifted (a standard deviation)"),
    "test": ("Test share", "The share held out as test points, never trained on"),
    "seed": ("Data seed", "The generator's seed"),
    "data": ("Listed points", 'One point per entry, "x,y,label[,name]", entries separated by semicolons'),
    "layers": ("Hidden layers", 'Neurons per hidden layer, input side first, like 4,2, or "none"'),
    "activation": ("Activation", "Of the hidden layers; the output neuron is a sigmoid."),
    "init": ("Weight seed", "The seed of the starting weights and of the mini-batch order"),
    "rate": ("Learning rate", "How far each step goes"),
    "epochs": ("Epochs", "Passes over the training points"),
    "batch": ("Batch size", "Points per step"),
    "l2": ("L2 strength", "Pulls every weight towards 0"),
}


def field_range(f: Any) -> str:
    """A field's range in words, from FIELDS: '20 to 400', '1 to 400, or full'."""
    if f.kind in ("integer", "number"):
        return f"{bound(f.low)} to {bound(f.high)}"
    if f.kind == "batch":
        return f'{bound(f.low)} to {bound(f.high)}, or "full"'
    if f.kind == "layers":
        return f"up to {MAX_LAYERS} layers of 1 to {MAX_NEURONS}"
    if f.kind == "points":
        return f"{bound(f.low)} to {bound(f.high)} points"
    return ""


def designer_fields() -> list[dict[str, Any]]:
    """The panel's controls, in FIELDS' order: name, kind, label, hint, the default as the form writes it
    (what lesson_py.spec.parse reads back), low/high/step, choices, and which datasets it applies to.
    `min` is the control's min attribute: the range's low end when the default sits on its step grid
    (a browser steps from min), otherwise None (the hint and the check still say the range)."""
    fields = []
    for f in FIELDS:
        label, hint = FIELD_WORDS[f.name]
        default = {"layers": lambda v: ",".join(map(str, v)) or "none", "batch": lambda v: "full" if v is None else str(v),
                   "points": lambda v: "", "choice": str, "integer": str, "number": repr}[f.kind](f.default)
        aligned = f.step is not None and f.low is not None and f.kind in ("integer", "number") and \
            abs(round((f.default - f.low) / f.step) * f.step - (f.default - f.low)) < 1e-9
        span = field_range(f)
        fields.append({
            "name": f.name, "kind": f.kind, "label": label, "hint": f"{hint}: {span}." if span else hint,
            "default": default, "low": f.low, "high": f.high, "step": f.step, "min": f.low if aligned else None,
            "choices": [{"value": c, "label": (DATASET_WORDS[c][0].upper() + DATASET_WORDS[c][1:]) if f.name == "dataset"
                         else c} for c in f.choices],
            "applies": list(GENERATED) if f.name in GENERATOR_FIELDS else ["listed"] if f.name == "data" else None,
        })
    return fields
