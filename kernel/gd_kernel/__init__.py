"""A Jupyter kernel for gd: a thin wrapper around `gd --kernel`."""

__version__ = "0.1.0"
