"""What the widgets show, worded, and the JSON calls the browser makes.

This subpackage reads the core modules (lesson_py.activations, .neuron,
.network, .loss, .training, .dataset, .runs); the core never reads it. See
ARCHITECTURE.md for which layer words what.
"""
