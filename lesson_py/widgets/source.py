"""The Neuron Playground's "Show the Python": the lesson_py functions behind a state's read-outs.

Each part is one named function of the core, read from its module with
inspect, so what the reader sees is the code that computed the numbers.

>>> [part["name"] for part in functions_behind("single", "relu")]
['neuron.fire', 'neuron.weighted_sum', 'activations.relu', 'neuron.score_verdict']
"""

import inspect
import textwrap
from typing import Callable

from .. import network, neuron
from ..activations import ACTIVATIONS


def functions_behind(mode: str, name: str) -> list[dict[str, str]]:
    """The functions that compute the read-outs of a playground `mode` with activation `name`,
    in the order they run."""
    f = ACTIVATIONS[name].value
    if mode == "single":
        verdict = neuron.probability_verdict if ACTIVATIONS[name].probability else neuron.score_verdict
        functions = [neuron.fire, neuron.weighted_sum, f, verdict]
    else:
        functions = [network.forward, network.layer_forward, f]
        if name != "sigmoid":
            functions.append(ACTIVATIONS["sigmoid"].value)
        if name == "linear":
            functions.append(network.equivalent_neuron)
        functions.append(network.probability_grid)
    return [part(function) for function in functions]


def part(function: Callable) -> dict[str, str]:
    """One function as the panel shows it: its dotted name, its file and its code."""
    module = function.__module__.removeprefix("lesson_py.")
    return {"name": f"{module}.{function.__name__}", "file": f"lesson_py/{module}.py",
            "code": textwrap.dedent(inspect.getsource(function)).rstrip()}
