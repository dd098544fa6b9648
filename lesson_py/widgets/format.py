"""Numbers as the widgets write them: values to 2 decimals, confidences to whole percent.

The front end formats numbers itself only where it must for speed (the
scrubber's read-outs); it reads these precisions from the build's JSON.

>>> shown(0.6899999), shown(-0.001), percent(0.4403)
('0.69', '0.00', '44%')
"""

from ..neuron import DECIMALS, UNDECIDED, probability_verdict, whole_percent


def shown(value: float, decimals: int = DECIMALS) -> str:
    """A number as the widgets show it: shown(0.6899999) = '0.69', and never '-0.00'."""
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def percent(probability: float) -> str:
    """A probability as a whole percentage: percent(0.4403) = '44%'."""
    return f"{whole_percent(probability)}%"


def signed(value: float) -> str:
    """A term after another in a sum: signed(-0.15) = '- 0.15', signed(0.3) = '+ 0.30'."""
    text = shown(value)
    return f"- {text[1:]}" if text.startswith("-") else f"+ {text}"


# How a decision map shades a cell: the class's colour at `weakest` strength for a
# cell on the fence, up to weakest + range for a sure one (blended from a neutral).
MAP_SHADE = {"weakest": 0.15, "range": 0.6}


def map_rule(decimals: int) -> dict:
    """What a decision map needs to colour cells as the words class them, for values
    rounded to `decimals`: the undecided band (inclusive) of the same rule as the words
    (whole percent against 50) and the shading.

    >>> map_rule(3)["undecided"]
    [0.495, 0.505]
    """
    scale = 10 ** decimals
    band = [k / scale for k in range(scale + 1) if probability_verdict(k / scale) == UNDECIDED]
    return {"undecided": [band[0], band[-1]], "shade": MAP_SHADE}


def map_shade(p: float) -> float:
    """A cell's strength of colour: map_shade(0.5) = 0.15, map_shade(1.0) = 0.75."""
    return MAP_SHADE["weakest"] + MAP_SHADE["range"] * abs(p - 0.5) * 2
