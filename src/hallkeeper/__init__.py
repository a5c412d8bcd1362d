"""Hallkeeper — on-site management standardization for government service halls."""

__version__ = "0.1.0"
