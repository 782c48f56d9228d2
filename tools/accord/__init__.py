"""Accord: check, build and publish a coalition's position papers and statements of principles."""

__version__ = "0.1.0"
