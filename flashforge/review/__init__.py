"""The daily review, the quiz and the statistics.

- :mod:`.queue` (pure): which cards come today, in what order.
- :mod:`.store`: card_state and reviews in the deck; one transaction per answer.
- :mod:`.screen`: rich rendering of a card, its answer and the progress line.
- :mod:`.session`: the loop, driven by a key source (terminal keys or lines).
- :mod:`.quiz`: practice that leaves the schedule alone.
- :mod:`.stats`: counts, retention and leeches.
"""
