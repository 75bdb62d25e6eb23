"""nominutes: a policy group's meeting summaries, published as a website."""

__version__ = "0.1.0"
