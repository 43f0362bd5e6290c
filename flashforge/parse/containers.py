"""Container blocks of every dialect → one ``ff_admonition`` token (kind, title, body).

- MkDocs Material: ``!!! note "Title"``, collapsible ``??? q "…"`` / ``???+``,
  content tabs ``=== "Tab"`` (indented bodies);
- Obsidian callouts ``> [!note] Title`` (foldable ``-``/``+``), GitHub alerts
  ``> [!NOTE]``; plain block quotes keep their body as blocks;
- VuePress / VitePress / Docusaurus ``::: tip Title`` … ``:::`` and Pandoc fenced
  divs ``::: {.callout}`` (nested, colons of any length);
- HTML: ``<details><summary>Q</summary>A</details>`` and ``<div markdown="1">``;
- the Obsidian Admonition plugin's code blocks: a fence ````` ```ad-note ````` whose
  body is markdown, opening with optional ``title:``/``collapse:``/``icon:`` lines.

Bodies are parsed as markdown with the same rules. A container's body knows
where it starts (``_src``/``_start``) so that blocks inside keep their source
lines. Every closer is found with one forward scan; a missing closer is
remembered, so many unclosed openers cost linear time.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from mistune.block_parser import BlockParser
from mistune.core import BlockState

from .scan import line_end_in

# Deeper container nesting than this is read as plain text: nesting must not blow the stack.
MAX_DEPTH = 12

ADMONITION = r"^ {0,3}(?P<adm_mark>!!!|\?\?\?\+?)[ \t]*(?P<adm_kind>[\w-]{0,40})(?P<adm_rest>[^\n]*)(?:\n|$)"
TAB = r"^ {0,3}===\+?[ \t]+\"(?P<tab_title>[^\"\n]{0,300})\"[ \t]*(?:\n|$)"
FENCE = r"^ {0,3}(?P<fence_colons>:{3,})[ \t]*(?P<fence_rest>[^:\s][^\n]*)(?:\n|$)"
QUOTE = r"^ {0,3}>[^\n]*(?:\n|$)"
DETAILS = r"^ {0,3}<details\b[^>\n]{0,500}>"
AD_FENCE = r"^ {0,3}(?P<ad_fence>`{3,}|~{3,})[ \t]*ad-(?P<ad_kind>[\w-]{1,40})[ \t]*(?:\n|$)"
# pymdownx.blocks (MkDocs Material's newer syntax): "/// note | 注意" … "///" (more slashes nest).
SLASH_BLOCK = (
    r"^ {0,3}(?P<blk_slashes>/{3,})[ \t]*(?P<blk_kind>[A-Za-z][\w-]{0,40})[ \t]*"
    r"(?:\|[ \t]*(?P<blk_title>[^\n]*))?(?:\n|$)"
)
MD_HTML = r"^ {0,3}<(?P<mdh_tag>div|section|article|aside|figure|span|p)\b(?P<mdh_attrs>[^>\n]{0,500})>[^\n]*(?:\n|$)"

_TITLE = re.compile(r'"([^"\n]*)"|\'([^\'\n]*)\'')
_CALLOUT = re.compile(r"^\[!(?P<kind>[\w-]{1,40})\](?P<fold>[+-]?)[ \t]*(?P<title>[^\n]*)$")
_FENCE_LINE = re.compile(r"^ {0,3}(:{3,})[ \t]*(\S?[^\n]*)$")
_CLASS = re.compile(r"\.([\w-]+)")
_ATTR_TITLE = re.compile(r'title\s*=\s*"([^"\n]*)"')
_SUMMARY = re.compile(r"<summary\b[^>]{0,500}>(?P<q>.{0,2000}?)</summary\s*>", re.I | re.S)
_MD_ATTR = re.compile(r"\bmarkdown\b", re.I)
_TAG_STRIP = re.compile(r"<[^<>]{0,2000}>")


def _depth(state: BlockState) -> int:
    return int(state.env.get("ff_depth", 0))


def parse_body(
    block: BlockParser, state: BlockState, src: str, start: int, rules: list[str] | None = None
) -> list[Any]:
    """Parse ``src`` (a container's body, starting at offset ``start`` of the parent) into tokens."""
    child = block.state_cls()
    child.env = state.env
    child.process(src if src.endswith("\n") else src + "\n")
    state.env["ff_depth"] = _depth(state) + 1
    try:
        block.parse(child, rules)
    finally:
        state.env["ff_depth"] = _depth(state) - 1
    return child.tokens


def _append(state: BlockState, token: dict[str, Any]) -> None:
    state.append_token(token)


def _container(kind: str, title: str, children: list[Any], src: str, start: int, **extra: Any) -> dict[str, Any]:
    token = {"type": "ff_admonition", "children": children, "_src": src, "_start": start,
             "attrs": {"kind": kind.lower(), "title": title.strip()}}  # fmt: skip
    token.update(extra)
    return token


def _indented_body(state: BlockState, pos: int) -> tuple[str, int]:
    """Lines indented by 4+ spaces (or a tab), blank lines between them; dedented by 4."""
    src, end = state.src, state.cursor_max
    lines: list[str] = []
    kept = 0  # lines up to the last indented one
    body_end = pos
    cursor = pos
    while cursor < end:
        line_end = line_end_in(src, cursor, end)
        line = src[cursor:line_end]
        if line.strip():
            if not line.startswith(("    ", "\t")):
                break
            kept, body_end = len(lines) + 1, line_end
        lines.append(line)
        cursor = line_end
    text = "".join(_dedent(line) for line in lines[:kept])
    return text, body_end


def _dedent(line: str) -> str:
    if line.startswith("\t"):
        return line[1:]
    return line[4:] if line.startswith("    ") else line.lstrip(" \t")


def parse_admonition(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    rest = m.group("adm_rest")
    title_match = _TITLE.search(rest)
    title = next((g for g in title_match.groups() if g is not None), "") if title_match else ""
    kind = m.group("adm_kind") or "note"
    body, end = _indented_body(state, m.end())
    if _depth(state) >= MAX_DEPTH:
        return None
    children = parse_body(block, state, body, m.end())
    _append(state, _container(kind, title, children, body, m.end(), marker=m.group("adm_mark")))
    return end


def parse_tab(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    body, end = _indented_body(state, m.end())
    if _depth(state) >= MAX_DEPTH:
        return None
    children = parse_body(block, state, body, m.end())
    _append(state, _container("tab", m.group("tab_title"), children, body, m.end()))
    return end


def _fence_kind(rest: str) -> tuple[str, str]:
    rest = rest.strip()
    if rest.startswith("{"):
        classes = _CLASS.findall(rest)
        named = _ATTR_TITLE.search(rest)
        kind = classes[0] if classes else "div"
        return kind.removeprefix("callout-"), named.group(1) if named else ""
    word, _, title = rest.partition(" ")
    if "[" in word:  # Docusaurus ":::tip[Title]"
        word, _, bracket = word.partition("[")
        title = bracket.rstrip("]") + (" " + title if title else "")
    return word or "div", title.strip().strip("[]").strip()


def _cached(state: BlockState, name: str, compute: Any) -> Any:
    """One scan of the state's text per kind of closer, however many openers ask."""
    cache: dict[str, Any] = state.__dict__.setdefault("_ff_cache", {})
    if name not in cache:
        cache[name] = compute(state.src, state.cursor_max)
    return cache[name]


def _match_fences(src: str, end: int) -> dict[int, tuple[int, int]]:
    """Line start of each ``:::`` opener → (body end, after its closer), by one stack pass."""
    pairs: dict[int, tuple[int, int]] = {}
    stack: list[int] = []
    cursor = 0
    while cursor < end:
        stop = src.find("\n", cursor, end)
        line_end = end if stop < 0 else stop + 1
        if ":::" in src[cursor : min(line_end, cursor + 8)]:
            match = _FENCE_LINE.match(src[cursor:line_end].rstrip("\n"))
            if match and match.group(2).strip():
                stack.append(cursor)
            elif match and stack:
                pairs[stack.pop()] = (cursor, line_end)
        cursor = line_end
    return pairs


def parse_fence(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    fences: dict[int, tuple[int, int]] = _cached(state, "fences", _match_fences)
    found = fences.get(m.start())
    if found is None or _depth(state) >= MAX_DEPTH:
        _append(state, {"type": "ff_skip", "raw": m.group(0).strip(), "attrs": {"reason": "unclosed ::: container"}})
        return m.end()
    body_end, after = found
    kind, title = _fence_kind(m.group("fence_rest"))
    body = state.src[m.end() : body_end]
    children = parse_body(block, state, body, m.end())
    _append(state, _container(kind, title, children, body, m.end()))
    return after


_SLASH_LINE = re.compile(r"^ {0,3}(/{3,})[ \t]*([A-Za-z]?)[^\n]*$")
# A block's options, indented under its opening line: "    type: warning", "    open: True".
_BLOCK_OPTION = re.compile(r"^(?: {4}|\t)[\w-]{1,40}:[^\n]*\n")


def _match_slash_blocks(src: str, end: int) -> dict[int, tuple[int, int]]:
    """Line start of each ``///`` opener → (body end, after its closer): a closer has as many slashes, by one pass."""
    pairs: dict[int, tuple[int, int]] = {}
    stack: list[tuple[int, int]] = []
    cursor = 0
    while cursor < end:
        line_end = line_end_in(src, cursor, end)
        if "///" in src[cursor : min(line_end, cursor + 8)]:
            match = _SLASH_LINE.match(src[cursor:line_end].rstrip("\n"))
            if match and match.group(2):
                stack.append((cursor, len(match.group(1))))
            elif match and stack:
                while stack and stack[-1][1] > len(match.group(1)):
                    stack.pop()  # an inner opener that was never closed
                if stack and stack[-1][1] == len(match.group(1)):
                    pairs[stack.pop()[0]] = (cursor, line_end)
        cursor = line_end
    return pairs


def parse_slash_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    """``/// note | 注意`` … ``///``: a box (a ``tab`` block is a content tab) whose body is markdown."""
    blocks: dict[int, tuple[int, int]] = _cached(state, "slash_blocks", _match_slash_blocks)
    found = blocks.get(m.start())
    if found is None or _depth(state) >= MAX_DEPTH:
        _append(state, {"type": "ff_skip", "raw": m.group(0).strip(), "attrs": {"reason": "unclosed /// block"}})
        return m.end()
    body_end, after = found
    start = m.end()
    body = state.src[start:body_end]
    while True:  # the block's options, then its body
        option = _BLOCK_OPTION.match(body)
        if not option:
            break
        body, start = body[option.end() :], start + option.end()
    title = (m.group("blk_title") or "").strip().strip("\"'")
    children = parse_body(block, state, body, start)
    _append(state, _container(m.group("blk_kind"), title, children, body, start))
    return after


# A closer is looked for among this many bare fences after the opener (a bound for hostile input).
MAX_FENCE_LOOKAHEAD = 2000
_BARE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*$")
_AD_OPTION = re.compile(r"^(?P<key>title|collapse|icon|color)\s*:\s*(?P<value>[^\n]*)$", re.I)


def _bare_fences(src: str, end: int) -> list[tuple[int, int, str]]:
    """Every line that is only a fence: (line start, after the line, the fence), in order, by one scan."""
    out: list[tuple[int, int, str]] = []
    cursor = 0
    while cursor < end:
        line_end = line_end_in(src, cursor, end)
        if src[cursor : cursor + 8].lstrip(" ")[:3] in ("```", "~~~"):
            match = _BARE_FENCE.match(src[cursor:line_end].rstrip("\n"))
            if match:
                out.append((cursor, line_end, match.group(1)))
        cursor = line_end
    return out


def parse_ad_fence(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    """````` ```ad-note ````` … ````` ``` `````: a box whose body is markdown (a longer fence may nest code)."""
    fences: list[tuple[int, int, str]] = _cached(state, "bare_fences", _bare_fences)
    opener = m.group("ad_fence")
    first = bisect.bisect_left(fences, (m.end(), 0, ""))
    closer = next(
        (f for f in fences[first : first + MAX_FENCE_LOOKAHEAD] if f[2][0] == opener[0] and len(f[2]) >= len(opener)),
        None,
    )
    if closer is None or _depth(state) >= MAX_DEPTH:
        reason = "unclosed ```ad- box (its lines are read as plain notes)"
        _append(state, {"type": "ff_skip", "raw": m.group(0).strip(), "attrs": {"reason": reason}})
        return m.end()
    body, start, title = state.src[m.end() : closer[0]], m.end(), ""
    while True:  # "title: 类型安全", "collapse: open" before the body
        line_end = body.find("\n")
        option = _AD_OPTION.match(body[: line_end if line_end >= 0 else len(body)].strip())
        if not option:
            break
        title = option.group("value").strip() if option.group("key").lower() == "title" else title
        cut = line_end + 1 if line_end >= 0 else len(body)
        body, start = body[cut:], start + cut
    children = parse_body(block, state, body, start)
    _append(state, _container(m.group("ad_kind"), title, children, body, start))
    return closer[1]


def _quote_lines(state: BlockState, pos: int) -> tuple[str, int]:
    """The ``>`` lines from ``pos`` on, without their ``>`` (and one space)."""
    src, end = state.src, state.cursor_max
    out: list[str] = []
    cursor = pos
    while cursor < end:
        stop = src.find("\n", cursor, end)
        line_end = end if stop < 0 else stop + 1
        line = src[cursor:line_end]
        stripped = line.lstrip(" ")
        if not stripped.startswith(">") or len(line) - len(stripped) > 3:
            break
        rest = stripped[1:]
        out.append(rest[1:] if rest.startswith((" ", "\t")) else rest)
        cursor = line_end
    return "".join(out), cursor


def parse_quote(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    """Block quotes (their body kept as blocks); a first line ``[!type] Title`` makes a callout."""
    body, end = _quote_lines(state, m.start())
    if _depth(state) >= MAX_DEPTH:
        _append(state, {"type": "ff_skip", "raw": body, "attrs": {"reason": "block quote nested too deeply"}})
        return end
    first, _, rest = body.partition("\n")
    callout = _CALLOUT.match(first.strip())
    if callout:
        start = line_end_in(state.src, m.start(), state.cursor_max)
        children = parse_body(block, state, rest, start) if rest.strip() else []
        title = callout.group("title").strip()
        _append(state, _container(callout.group("kind"), title, children, rest, start, callout=True))
        return end
    children = parse_body(block, state, body, m.start())
    _append(state, {"type": "ff_quote", "children": children, "_src": body, "_start": m.start()})
    return end


_TAGS = re.compile(r"<(/?)(details|div|section|article|aside|figure|span|p)\b[^>]{0,500}>", re.I)


def _match_tags(src: str, end: int) -> dict[int, tuple[int, int]]:
    """Start of each ``<tag …>`` → (start, end) of its closing tag, nesting counted per tag name."""
    pairs: dict[int, tuple[int, int]] = {}
    stacks: dict[str, list[int]] = {}
    for match in _TAGS.finditer(src, 0, end):
        name = match.group(2).lower()
        if match.group(1):
            if stacks.get(name):
                pairs[stacks[name].pop()] = (match.start(), match.end())
        else:
            stacks.setdefault(name, []).append(match.start())
    return pairs


def _closing(state: BlockState, m: re.Match[str]) -> tuple[int, int] | None:
    opener = state.src.find("<", m.start(), m.end())
    pairs: dict[int, tuple[int, int]] = _cached(state, "tags", _match_tags)
    return pairs.get(opener)


def parse_details(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    closing = _closing(state, m)
    if closing is None or _depth(state) >= MAX_DEPTH:
        return None
    inner_start = m.end()
    inner = state.src[inner_start : closing[0]]
    summary = _SUMMARY.search(inner)
    title = ""
    if summary:
        title = " ".join(_TAG_STRIP.sub("", summary.group("q")).split())
        inner_start += summary.end()
        inner = inner[summary.end() :]
    children = parse_body(block, state, inner, inner_start)
    _append(state, _container("details", title, children, inner, inner_start))
    return line_end_in(state.src, closing[1], state.cursor_max)


def parse_md_html(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    """``<div markdown="1">`` (its body is markdown); inside one, a plain ``<div>`` ends at its own closer."""
    markdown = bool(_MD_ATTR.search(m.group("mdh_attrs")))
    if not markdown and not state.env.get("ff_md_html"):
        return None
    closing = _closing(state, m)
    if closing is None or _depth(state) >= MAX_DEPTH:
        return None
    end = line_end_in(state.src, closing[1], state.cursor_max)
    if not markdown:
        _append(state, {"type": "block_html", "raw": state.src[m.start() : end]})
        return end
    inner = state.src[m.end() : closing[0]]
    state.env["ff_md_html"] = int(state.env.get("ff_md_html", 0)) + 1
    try:
        children = parse_body(block, state, inner, m.end())
    finally:
        state.env["ff_md_html"] = int(state.env["ff_md_html"]) - 1
    title = ""
    if children and children[0].get("type") == "block_html":
        text = " ".join(_TAG_STRIP.sub(" ", str(children[0].get("raw", ""))).split())
        if 0 < len(text) <= 40:
            title = text
            children = children[1:]
    _append(state, _container("div", title, children, inner, m.end()))
    return end
