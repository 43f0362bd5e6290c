"""Block rules for text that is not knowledge, read so that it never becomes a card.

Footnote definitions (``[^1]: …``), Obsidian ``%% comments %%`` and Dataview
inline fields (``status:: draft``), Typora/GitLab ``[TOC]`` markers, kramdown
block attribute lines (``{: .class}``), file includes (FastAPI's ``{* file.py hl[2] *}``, pymdownx
snippets ``--8<-- "file.md"``), abbreviation definitions
(``*[HTML]: …``). Each becomes an ``ff_skip`` token whose reason ``preview``
shows. Also ``$$ … $$`` math blocks, kept as LaTeX text.
"""

from __future__ import annotations

import re

from mistune.block_parser import BlockParser
from mistune.core import BlockState

from .scan import line_end

FOOTNOTE = r"^ {0,3}\[\^[^\]\s]{1,100}\]:[^\n]*(?:\n|$)"
COMMENT = r"^ {0,3}%%[^\n]*(?:\n|$)"
# Dataview's "key:: value" line. The lookahead (the "::" within the first 43 characters, as the rest requires)
# fails a line of text at a fraction of the cost of walking its first 40 word characters.
INLINE_FIELDS = r"^(?=[^\n]{0,43}::) {0,3}[\w][\w -]{0,39}::[ \t][^\n]*(?:\n|$)"
TOC = r"^ {0,3}(?:\[TOC\]|\[\[_?TOC_?\]\]|\{:toc\}|\$\{toc\})[ \t]*(?:\n|$)"
IAL = r"^ {0,3}\{:[^\n}]{0,300}\}[ \t]*(?:\n|$)"
# A line that pulls in another file when the site is built: its text is not in the note.
INCLUDE = r"^ {0,3}(?:\{\*[^\n]{1,300}\*\}|-{2,}8<-{2,}[^\n]{0,300})[ \t]*(?:\n|$)"
ABBR = r"^ {0,3}\*\[[^\]\n]{1,100}\]:[^\n]*(?:\n|$)"
MATH = r"^ {0,3}\$\$[^\n]*(?:\n|$)"
# MDX (Docusaurus) module lines: "import X from '../x.md'", "export const y = …".
MDX_ESM = (
    r"^(?:import\s+[\w{}*,\s]{1,200}\s+from\s+['\"][^'\"\n]{1,300}['\"]|import\s+['\"][^'\"\n]{1,300}['\"]"
    r"|export\s+(?:const|default|function|let)\b)[^\n]*(?:\n|$)"
)

_FIELD_LINE = re.compile(r"^ {0,3}[\w][\w -]{0,39}::[ \t]")


def _skip(state: BlockState, raw: str, reason: str) -> None:
    state.append_token({"type": "ff_skip", "raw": raw.strip(), "attrs": {"reason": reason}})


def parse_footnote(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    """A definition and its indented continuation lines."""
    end = m.end()
    while end < state.cursor_max:
        stop = line_end(state, end)
        line = state.src[end:stop]
        if line.strip() and not line.startswith(("    ", "\t")):
            break
        if not line.strip():
            following = state.src[stop : line_end(state, stop)]
            if not following.startswith(("    ", "\t")):
                break
        end = stop
    raw = state.src[m.start() : end]
    key = raw[2 : raw.index("]")] if "]" in raw else ""
    state.append_token(
        {"type": "ff_skip", "raw": raw.strip(), "attrs": {"reason": "footnote (not a card)", "footnote": key}}
    )
    return end


def parse_comment(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    """``%%`` … ``%%`` over one or many lines; an unclosed one runs to the end of the file, as Obsidian hides it."""
    line = m.group(0)
    first = line.find("%%")
    close = line.find("%%", first + 2)
    if close >= 0 and not line[close + 2 :].strip():
        end = m.end()
    elif close >= 0:
        return 0  # "%% aside %% then text": the inline rule drops the aside
    else:
        found = state.src.find("%%", m.end(), state.cursor_max)
        end = state.cursor_max if found < 0 else line_end(state, found)
    _skip(state, state.src[m.start() : end], "comment (%% … %%)")
    return end


def parse_inline_fields(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    end = m.end()
    while end < state.cursor_max:
        stop = line_end(state, end)
        if not _FIELD_LINE.match(state.src[end:stop]):
            break
        end = stop
    _skip(state, state.src[m.start() : end], "metadata (key:: value)")
    return end


def parse_mdx(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    _skip(state, m.group(0), "MDX import/export (page code, not notes)")
    return m.end()


def parse_toc(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    _skip(state, m.group(0), "table of contents marker")
    return m.end()


def parse_ial(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    return m.end()  # attributes of the block above: nothing to read


def parse_include(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    _skip(state, m.group(0), "file include (its text is in another file)")
    return m.end()


def parse_abbr(_block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    _skip(state, m.group(0), "abbreviation definition")
    return m.end()


def parse_math(_block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    line = m.group(0).strip()
    if len(line) > 4 and line.endswith("$$"):
        state.append_token({"type": "ff_math", "raw": line[2:-2].strip()})
        return m.end()
    if m.end() >= state.__dict__.get("_ff_no_math_after", state.cursor_max + 1):
        return None
    found = state.src.find("$$", m.end(), state.cursor_max)
    if found < 0:
        state.__dict__["_ff_no_math_after"] = m.end()  # later openers need not look again
        return None
    end = line_end(state, found)
    state.append_token({"type": "ff_math", "raw": (line[2:] + "\n" + state.src[m.end() : found]).strip()})
    return end
