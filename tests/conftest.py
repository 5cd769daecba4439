"""Shared test settings."""

from hypothesis import settings

settings.register_profile("ci", deadline=None, max_examples=100, derandomize=True)
settings.load_profile("ci")
