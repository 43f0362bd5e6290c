"""flashforge: markdown study notes → flashcards, Anki packages, reviews and cheat sheets."""

__version__ = "0.1.0"
