"""odsgr: classify Spanish citizen texts into the UN Sustainable Development Goals."""

__version__ = "0.1.0"
