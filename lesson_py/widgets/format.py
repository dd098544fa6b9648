"""Numbers as the widgets write them: values to 2 decimals, confidences to whole percent.

The front end formats numbers itself only where it must for speed (the
scrubber's read-outs); it reads these precisions from the build's JSON.

>>> shown(0.6899999), shown(-0.001), percent(0.4403)
('0.69', '0.00', '44%')
"""

from ..neuron import DECIMALS, whole_percent


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
