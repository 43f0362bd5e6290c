"""Anki note types: one per kind, with stable names, model ids and styling.

A model id is derived from the note type's name, its field list and its
template names. Anki refuses to update notes whose note type changed its fields
under the same id; with derived ids a changed field list simply becomes a new
note type in the user's collection instead of a conflict.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..ids import anki_int_id
from ..model import Kind
from .render import code_css

# When the templates or the CSS below last changed (epoch seconds). Anki takes
# a note type from a package only when its modification time is newer than its
# own, so a learner's own styling edits in Anki survive re-imports until a new
# flashforge ships new templates. Bump this whenever templates or CSS change.
TEMPLATES_CHANGED_AT = 1_795_910_400  # 2026-11-29T00:00:00Z

BASIC_FIELDS = ("Front", "Back", "Context", "Source", "Extra")
CLOZE_FIELDS = ("Text", "Title", "Context", "Source")


@dataclass(frozen=True)
class Template:
    name: str
    question: str
    answer: str


@dataclass(frozen=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    templates: tuple[Template, ...]
    cloze: bool = False

    @property
    def model_id(self) -> int:
        identity = json.dumps([self.name, list(self.fields), [t.name for t in self.templates]], ensure_ascii=False)
        return anki_int_id("notetype:" + identity)


def _basic(kind: str, label: str) -> NoteType:
    question = (
        f'<div class="ff ff-{kind}">\n'
        '<div class="ff-context">{{Context}}</div>\n'
        '<div class="ff-front">{{Front}}</div>\n'
        "</div>"
    )
    answer = (
        f'<div class="ff ff-{kind}">\n'
        '<div class="ff-context">{{Context}}</div>\n'
        '<div class="ff-front">{{Front}}</div>\n'
        '<hr id="answer">\n'
        '<div class="ff-back">{{Back}}</div>\n'
        '{{#Extra}}<div class="ff-extra">{{Extra}}</div>{{/Extra}}\n'
        '<div class="ff-source">{{Source}}</div>\n'
        "</div>"
    )
    return NoteType(f"flashforge {label}", BASIC_FIELDS, (Template(label, question, answer),))


def _sequence() -> NoteType:
    # The question side wraps the list in .ff-question: the stylesheet hides
    # every step that is neither the deletion nor its neighbour there
    # (overlapping cloze, see overlapping_cloze_css); the answer side shows
    # the whole sequence.
    question = (
        '<div class="ff ff-sequence ff-question">\n'
        '<div class="ff-context">{{Context}}</div>\n'
        '<div class="ff-title">{{Title}}</div>\n'
        "{{cloze:Text}}\n"
        "</div>"
    )
    answer = (
        '<div class="ff ff-sequence">\n'
        '<div class="ff-context">{{Context}}</div>\n'
        '<div class="ff-title">{{Title}}</div>\n'
        "{{cloze:Text}}\n"
        '<div class="ff-source">{{Source}}</div>\n'
        "</div>"
    )
    return NoteType("flashforge Sequence", CLOZE_FIELDS, (Template("Step", question, answer),), cloze=True)


NOTE_TYPES: dict[Kind, NoteType] = {
    "definition": _basic("definition", "Definition"),
    "field": _basic("field", "Field"),
    "state": _basic("state", "State"),
    "table": _basic("table", "Table"),
    "sequence": _sequence(),
}

_BASE_CSS = """\
.card {
  --ff-text: #1f2328; --ff-muted: #6e7781; --ff-accent: #0969da; --ff-bg: #ffffff;
  --ff-soft: #f3f4f6; --ff-line: #d0d7de; --ff-cloze: #0550ae;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
    "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "Noto Sans", sans-serif;
  font-size: 20px; line-height: 1.6; color: var(--ff-text); background: var(--ff-bg);
  text-align: left; word-break: break-word; overflow-wrap: anywhere;
}
.card.nightMode, .nightMode .card, .night_mode .card, .card.night_mode {
  --ff-text: #e6edf3; --ff-muted: #8d96a0; --ff-accent: #4493f8; --ff-bg: #1e1e1e;
  --ff-soft: #2d333b; --ff-line: #444c56; --ff-cloze: #79c0ff;
}
.ff { max-width: 40em; margin: 0 auto; padding: 0 0.5em; }
.ff-context { font-size: 0.7em; color: var(--ff-muted); margin-bottom: 0.6em; }
.ff-title { font-weight: 600; margin-bottom: 0.3em; }
.ff-front { font-size: 1.1em; font-weight: 500; }
.ff-back { margin-top: 0.4em; }
.ff-extra { margin-top: 0.8em; font-size: 0.85em; }
.ff-source { margin-top: 1.2em; font-size: 0.65em; color: var(--ff-muted); font-family: ui-monospace, monospace; }
hr#answer { border: none; border-top: 1px solid var(--ff-line); margin: 0.8em 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace;
  font-size: 0.88em; background: var(--ff-soft); padding: 0.1em 0.3em; border-radius: 4px; }
.ff-code { background: var(--ff-soft); border-radius: 6px; padding: 0.2em 0.7em; margin: 0.4em 0;
  overflow-x: auto; font-size: 0.8em; }
.ff-code pre { margin: 0; white-space: pre; font-family: ui-monospace, Menlo, Consolas,
  "Noto Sans Mono CJK SC", monospace; line-height: 1.4; }
.ff img { max-width: 100%; height: auto; }
.ff a { color: var(--ff-accent); }
.ff-missing-image { color: var(--ff-muted); font-style: italic; }
.ff-extra table { border-collapse: collapse; }
.ff-extra th, .ff-extra td { border: 1px solid var(--ff-line); padding: 0.2em 0.5em; text-align: left; }
.ff-extra th { color: var(--ff-muted); font-weight: normal; }
.ff-extra tr.ff-asked td { font-weight: 600; }
.ff-steps { margin: 0.3em 0; padding-left: 1.6em; }
.ff-steps li { margin: 0.25em 0; }
.cloze { font-weight: 700; color: var(--ff-cloze); }
@media (max-width: 480px) {
  .card { font-size: 18px; }
  .ff { padding: 0 0.2em; }
}
"""


# Longest sequence whose question side hides the far steps (longer ones still work, showing every step).
OVERLAP_MAX_STEPS = 80


def overlapping_cloze_css(max_steps: int = OVERLAP_MAX_STEPS) -> str:
    """Overlapping cloze: on the question side only the asked step and its neighbours show.

    Anki (desktop, AnkiDroid, AnkiMobile) gives the card's container the class
    ``card<N>`` for card ord N-1, and step N is the N-th ``<li>``; every other
    step collapses to an ellipsis. A client without that class shows every
    step, which is still a fair card. Plain nth-child rules, so no
    browser-specific selector support is needed.
    """
    far = [
        f".card{n} .ff-question .ff-steps > li:not(:nth-child({n - 1})):not(:nth-child({n})):not(:nth-child({n + 1}))"
        for n in range(1, max_steps + 1)
    ]
    hide = ",\n".join(f"{selector} > span" for selector in far) + " { display: none; }\n"
    dots = ",\n".join(f"{selector}::before" for selector in far) + ' { content: "…"; color: var(--ff-muted); }\n'
    return "/* Overlapping cloze (see flashforge/export/notetypes.py). */\n" + hide + dots


def stylesheet() -> str:
    """The CSS shared by every flashforge note type: light and dark (Anki's night mode), CJK fonts."""
    light = code_css([".ff-code"], "friendly")
    dark = code_css([".nightMode .ff-code", ".night_mode .ff-code"], "monokai")
    return _BASE_CSS + overlapping_cloze_css() + light + "\n" + dark + "\n"
