"""The deck store: the only package that talks SQL (and the JSON of card payloads)."""
