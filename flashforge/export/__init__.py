"""Export the deck to Anki: packages (.apkg, genanki) and tab-separated text for Anki's text import."""
