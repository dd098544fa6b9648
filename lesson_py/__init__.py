"""lesson_py: the math of the "Neural Networks Basics" lesson, in plain Python.

The same code runs in the site's build and, through Pyodide, in the reader's
browser. Read it in the order of the article: activations, neuron, network,
loss, training, dataset, runs; then any run: spec (the run spec), datasets
(generated points), trainer (training a spec epoch by epoch), and exact (the
exp, log1p and tanh that give the same bits on every platform). What the widgets show and the JSON calls the
browser makes live in lesson_py.widgets, which reads these modules; they never
read it.
"""

from .activations import ACTIVATIONS, Activation, activation, sigmoid
from .dataset import DATASET, POINT_NAMES, Point
from .loss import binary_cross_entropy, mean_loss
from .network import Layer, LayerTrace, Network, deep, equivalent_neuron, forward, predict, probability_grid, seeded, shallow
from .neuron import NeuronOutput, fire, probability_verdict, score_verdict, weighted_sum, whole_percent
from .training import (
    Judgement, LayerGradient, TrainingStep, accuracy, backpropagate, judge, l2_penalty, train, train_epoch,
    training_step, update,
)
from .spec import FIELDS, DatasetSpec, Field, NetworkSpec, RunSpec, SpecError, TrainingSpec, flat_values, parse, to_flat
from .trainer import SpecCheckpoint, SpecRun, epochs, initial_network, spec_points, train_spec

__version__ = "1.0.0"

__all__ = [
    "ACTIVATIONS", "Activation", "activation", "sigmoid",
    "DATASET", "POINT_NAMES", "Point",
    "binary_cross_entropy", "mean_loss",
    "Layer", "LayerTrace", "Network", "deep", "equivalent_neuron", "forward", "predict", "probability_grid", "shallow",
    "NeuronOutput", "fire", "probability_verdict", "score_verdict", "weighted_sum", "whole_percent",
    "Judgement", "LayerGradient", "TrainingStep", "accuracy", "backpropagate", "judge", "l2_penalty", "train",
    "train_epoch", "training_step", "update", "seeded",
    "FIELDS", "DatasetSpec", "Field", "NetworkSpec", "RunSpec", "SpecError", "TrainingSpec", "flat_values", "parse",
    "to_flat",
    "SpecCheckpoint", "SpecRun", "epochs", "initial_network", "spec_points", "train_spec",
]
