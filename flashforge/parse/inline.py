"""Inline dialect syntax as mistune inline rules, and inline tokens → plain text.

Each rule turns a piece of dialect syntax into a token that
:func:`inline_text` knows: Obsidian ``[[link|alias]]`` / ``![[embed.png]]`` /
``#tags`` / ``^block-ids`` / ``%% comments %%`` / ``[key:: value]``, Pandoc
``[span]{#id}``, attribute lists ``{#id .class}``, footnote references
``[^1]``, icon and emoji shortcodes, CriticMarkup. Every pattern is bounded
(no unbounded backtracking), so a hostile line costs linear time.
"""

from __future__ import annotations

import html
import operator
import re
from typing import Any

import mistune
from mistune.core import InlineState
from mistune.inline_parser import InlineParser

from . import images, wrapping

Token = dict[str, Any]

_ATTR_LIST = r"\{[ \t]*:?[ \t]*[#.][^{}\n]{0,200}\}|\{:[^{}\n]{0,200}\}|(?<=[)\]])\{[ \t]*[\w-]{1,40}=[^{}\n]{0,300}\}"
_SPAN = r"\[(?P<span_text>[^\[\]\n]{1,300})\]\{[^{}\n]{0,300}\}"
_FOOTNOTE_REF = r"\[\^(?P<footnote_key>[^\]\s]{1,100})\](?!:)"
_WIKILINK = r"(?P<wiki_embed>!?)\[\[(?P<wiki_target>[^\[\]|\n]{1,300})(?:\|(?P<wiki_alias>[^\[\]\n]{0,300}))?\]\]"
_ICON = (
    r":(?P<icon_name>(?:fontawesome|material|octicons|simple|fa[brs]?)-[\w-]{1,80}"
    r"|[a-z0-9+-]{1,30}(?:_[a-z0-9+-]{1,30}){1,5}|x|o|check|heavy_check_mark|white_check_mark):"
    r"(?:\{[^{}\n]{0,100}\})?"
)
_CRITIC = (
    r"\{\+\+(?P<critic_add>[^\n]{0,500}?)\+\+\}|\{--(?P<critic_del>[^\n]{0,500}?)--\}"
    r"|\{~~(?P<critic_old>[^\n]{0,500}?)~>(?P<critic_new>[^\n]{0,500}?)~~\}"
    r"|\{==(?P<critic_mark>[^\n]{0,500}?)==\}|\{>>(?P<critic_note>[^\n]{0,500}?)<<\}"
)
_COMMENT = r"%%[^\n]{0,2000}?%%"
# pymdown-extensions: ^^inserted^^ text, ++ctrl+alt+del++ keys.
_CARET = r"\^\^(?P<caret_text>[^\^\n]{1,300}?)\^\^"
_KEYS = r"\+\+(?P<keys>[\w-]{1,20}(?:\+[\w-]{1,20}){0,5})\+\+"
_BLOCK_ID = r"(?<=[ \t])\^[A-Za-z0-9-]{2,64}(?=[ \t]*(?:\n|$))"
_TAG = r"(?<![\w#&/\\:.'\"-])#(?P<tag_name>[^\W\d][\w/-]{0,60})(?![\w/-])"
# MDN's KumaScript macros: {{Compat}}, {{experimental_inline}} (nothing to read), {{Glossary("Response header")}},
# {{HTTPHeader("Expires")}}, {{Glossary("Simple header", "CORS-safelisted header")}} (the last quoted argument shown).
# No blank inside the braces: "{{ message }}" is a template the author wrote as text.
_MACRO = r"\{\{(?P<macro_name>[A-Za-z][\w-]{0,40})(?:\((?P<macro_args>[^(){}\n]{0,300})\))?\}\}"
_MACRO_STRING = re.compile(r"\"([^\"\n]{0,200})\"|'([^'\n]{0,200})'")
_INLINE_FIELD = r"[\[(][ \t]*[\w -]{1,40}::[^\[\]()\n]{0,300}[\])]"

CHECK, CROSS = "✓", "✗"
_CHECK_WORDS = re.compile(r"check|tick|yes|done|ok$|success", re.I)
_CROSS_WORDS = re.compile(r"(?:^|[-_])(?:x|xmark|times|close|cross|no|cancel|multiplication)(?:$|[-_])|_x$", re.I)


def _text(state: InlineState, raw: str) -> None:
    if raw:
        state.append_token({"type": "text", "raw": raw})


def _drop(_inline: InlineParser, match: re.Match[str], _state: InlineState) -> int:
    return match.end()


def _footnote_ref(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    """A reference is dropped from the text; a marked name it follows (`lowbit`[^1], **X**[^1]) is what its
    footnote explains. After plain words it is a citation ("…见源码[^1]"), not an explanation."""
    term = ""
    if state.tokens:
        last = state.tokens[-1]
        if last["type"] == "codespan":
            term = str(last.get("raw", "")).strip()
        elif last["type"] == "strong":
            term = inline_text(last.get("children")).strip()
    if term:
        state.env.setdefault("ff_footnote_terms", {}).setdefault(match.group("footnote_key"), term)
    return match.end()


def _macro(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    strings = [first or second for first, second in _MACRO_STRING.findall(match.group("macro_args") or "")]
    if strings and strings[-1].strip():
        _text(state, strings[-1].strip())
    return match.end()


_MACRO_RE = re.compile(_MACRO)


def plain_macros(text: str) -> str:
    """``{{Glossary("Response header")}}`` → ``Response header``, ``{{optional_inline}}`` → nothing, in text no
    inline parse reads (HTML cells and definition lists), as :func:`_macro` does in the parse."""
    if "{{" not in text:
        return text

    def shown(match: re.Match[str]) -> str:
        strings = [first or second for first, second in _MACRO_STRING.findall(match.group("macro_args") or "")]
        return strings[-1].strip() if strings else ""

    return " ".join(_MACRO_RE.sub(shown, text).split())


def _span(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    _text(state, match.group("span_text"))
    return match.end()


def _wikilink(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    target = match.group("wiki_target").strip()
    if match.group("wiki_embed"):
        if images.is_image_path(target):
            state.append_token({"type": "ff_image", "raw": target})
        return match.end()
    alias = (match.group("wiki_alias") or "").strip()
    page, _, section = target.partition("#")
    _text(state, alias or page.strip() or section.lstrip("^").strip())
    return match.end()


def icon_text(name: str) -> str:
    """✓ / ✗ for icons whose name says so, else nothing."""
    if _CROSS_WORDS.search(name):
        return CROSS
    if _CHECK_WORDS.search(name):
        return CHECK
    return ""


def _icon(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    _text(state, icon_text(match.group("icon_name")))
    return match.end()


def _critic(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    for group in ("critic_add", "critic_new", "critic_mark"):
        if match.group(group) is not None:
            _text(state, match.group(group))
    return match.end()


def _caret(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    _text(state, match.group("caret_text"))
    return match.end()


def _keys(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    """``++ctrl+alt+del++`` → Ctrl+Alt+Del (pymdown's keys extension)."""
    _text(state, "+".join(key[:1].upper() + key[1:] for key in match.group("keys").split("+")))
    return match.end()


def _tag(_inline: InlineParser, match: re.Match[str], state: InlineState) -> int:
    state.env.setdefault("ff_tags", []).append(match.group("tag_name"))
    state.append_token({"type": "ff_tag", "raw": match.group("tag_name")})
    return match.end()


def register(md: mistune.Markdown) -> None:
    """Add the inline dialect rules to ``md`` (before mistune's own link rule)."""
    # name, pattern, function, the characters a match can start with (mistune then skips plain text fast)
    rules: list[tuple[str, str, Any, str]] = [
        ("ff_critic", _CRITIC, _critic, "{"),
        (
            "ff_wikilink",
            _WIKILINK,
            _wikilink,
            "![",
        ),
        ("ff_footnote_ref", _FOOTNOTE_REF, _footnote_ref, "["),
        ("ff_inline_field", _INLINE_FIELD, _drop, "[("),
        ("ff_span", _SPAN, _span, "["),
        ("ff_attr_list", _ATTR_LIST, _drop, "{"),
        ("ff_macro", _MACRO, _macro, "{"),
        ("ff_icon", _ICON, _icon, ":"),
        ("ff_comment", _COMMENT, _drop, "%"),
        ("ff_caret", _CARET, _caret, "^"),
        ("ff_keys", _KEYS, _keys, "+"),
        ("ff_block_id", _BLOCK_ID, _drop, "^"),
        ("ff_tag", _TAG, _tag, "#"),
    ]
    for name, pattern, func, starts in rules:
        md.inline.register(name, pattern, func, before="link", start_chars=list(starts))


# Real HTML in notes is layout, not knowledge; anything else in angle brackets
# (`<container>`, `<T>`) is text the author typed and must stay.
_TAG_NAMES = (
    r"(?:img|br|hr|a|span|div|p|font|sup|sub|b|i|u|s|strong|em|code|pre|table|tr|td|th|thead|tbody|iframe|"
    r"video|audio|source|center|details|summary|small|big|kbd|mark|del|ins|blockquote|ul|ol|li|h[1-6]|abbr|"
    r"figure|figcaption|picture|section|article|aside|nav|header|footer|label|input|button|svg|path|q|cite|"
    r"var|samp|tt|strike|wbr|ruby|rt|rp|dl|dt|dd|caption|col|colgroup|tfoot|head|meta|link|style|script)"
)
_HTML_TAG = re.compile(r"^</?" + _TAG_NAMES + r"\b[^>]{0,2000}/?>$", re.I)
# A tag mistune did not take for HTML (a malformed attribute) but that is one all the same.
_LOOSE_TAG = re.compile(r"</?" + _TAG_NAMES + r"\b[^<>]{0,2000}>", re.I)
_IMG_SRC = re.compile(r"""\bsrc\s*=\s*(?:"([^"]{0,2000})"|'([^']{0,2000})'|([^\s>]{1,2000}))""", re.I)
_DROPPED = frozenset({"ff_tag", "footnote_ref"})
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def html_image(raw: str) -> str:
    """The image marker for an ``<img src>`` tag, or "" (no src, not an img)."""
    if raw[:4].lower() != "<img":
        return ""
    match = _IMG_SRC.search(raw)
    return images.marker(next((group for group in match.groups() if group), "")) if match else ""


def _html(raw: str) -> str:
    stripped = raw.strip()
    if not _HTML_TAG.match(stripped):
        return raw
    lower = stripped[:4].lower()
    if lower.startswith("<br"):
        return "\n"
    if lower == "<img":
        return html_image(stripped)
    return ""


def _entities(text: str) -> str:
    """``&#124;`` → ``|``, ``&amp;`` → ``&`` (CommonMark decodes entity references outside code)."""
    return _ENTITY.sub(lambda match: html.unescape(match.group(0)), text) if "&" in text else text


# Inline tokens that hold no lead **term**, `code`, bold phrase, link or tag: of a text made of nothing
# else, :func:`lead_strong`, :func:`lead_code`, :func:`strongs` and :func:`is_link_only` find nothing.
_TYPE = operator.itemgetter("type")
_PLAIN = frozenset({"text", "softbreak", "linebreak", "inline_html", "image", "ff_image", "inline_math"})


def is_plain(children: list[Token] | None) -> bool:
    """Whether ``children`` hold only plain tokens (most paragraphs and list items): nothing to look for."""
    return not children or _PLAIN.issuperset(map(_TYPE, children))  # no Python loop


def inline_text(children: list[Token] | None) -> str:
    """Plain text of inline tokens: markup dropped, code kept verbatim, images as markers."""
    if not children:
        return ""
    if len(children) == 1 and children[0]["type"] != "softbreak":
        return _token_text(children[0])
    pieces: list[str] = []
    soft = False
    for token in children:
        kind = token["type"]
        if kind == "text" and "raw" in token and "<" not in token["raw"] and "&" not in token["raw"]:
            pieces.append(token["raw"])  # most tokens: plain text, as _token_text gives it
        else:
            soft = soft or kind == "softbreak"
            pieces.append(_token_text(token))
    if not soft:
        return "".join(pieces)
    return wrapping.join_soft_breaks(pieces, [token["type"] == "softbreak" for token in children])


def _token_text(token: Token) -> str:
    kind = token["type"]
    if kind == "text" and "raw" in token:  # most tokens: plain text, checked first
        raw = str(token["raw"])
        if "<" in raw:
            return _entities(_LOOSE_TAG.sub(lambda match: _html(match.group(0)), raw))
        return _entities(raw) if "&" in raw else raw
    if kind in _DROPPED:
        return ""
    if kind == "inline_html":
        return _html(str(token.get("raw", "")))
    if kind in ("image", "ff_image"):
        url = token.get("attrs", {}).get("url", "") if kind == "image" else token.get("raw", "")
        return images.marker(str(url))
    if kind in ("softbreak", "linebreak"):
        return "\n"
    if kind == "inline_math":
        return f"${token.get('raw', '')}$"
    if kind == "block_math":
        return f"$${token.get('raw', '')}$$"
    if kind == "text" and "<" in str(token.get("raw", "")):
        return _entities(_LOOSE_TAG.sub(lambda match: _html(match.group(0)), str(token["raw"])))
    if kind == "text" and "&" in str(token.get("raw", "")):
        return _entities(str(token["raw"]))
    if kind in ("text", "codespan", "block_text") and "raw" in token:
        return str(token["raw"])
    if "children" in token:
        return inline_text(token["children"])
    return str(token.get("raw", ""))


def is_link_only(children: list[Token] | None) -> tuple[bool, bool]:
    """(only links and whitespace, all of them #anchors)."""
    if not children:
        return False, False
    links = 0
    anchors = True
    words: list[str] = []  # short labels between badges: "[Source][1] · :octicons-beaker: Experimental · [Insiders]"
    for token in children:
        kind = token["type"]
        if kind == "link":
            links += 1
            anchors = anchors and str(token.get("attrs", {}).get("url", "")).startswith("#")
        elif kind in ("softbreak", "linebreak", "image", "ff_tag") or (
            kind == "text" and not token.get("raw", "").strip(" \t\n（）()：:，,。.、-·•|/")
        ):
            continue
        elif kind == "text":
            words.append(token.get("raw", ""))
        else:
            return False, False
    if words and not _badge_labels(words, links):
        return False, False
    return links > 0, links > 0 and anchors and not words


# A badge line holds at least this many links, separated by "·" or "|", with a few words at most between them.
MIN_BADGE_LINKS = 2
_BADGE_LABEL = re.compile(r"^[\s·•|]*[A-Za-z][\w-]*(?: [A-Za-z][\w-]*)?[\s·•|]*$")


def _badge_labels(words: list[str], links: int) -> bool:
    """Text beside badge links that is only short labels between separators ("· Experimental ·")."""
    joined = "".join(words)
    return links >= MIN_BADGE_LINKS and ("·" in joined or "|" in joined) and all(map(_BADGE_LABEL.match, words))


def lead_strong(children: list[Token] | None) -> tuple[str, bool]:
    """(text of a leading **strong**, whether the paragraph is nothing else)."""
    if not children:
        return "", False
    index = 0
    while index < len(children) and children[index]["type"] == "text" and not children[index].get("raw", "").strip():
        index += 1
    if index >= len(children) or children[index]["type"] != "strong":
        return "", False
    term = inline_text(children[index].get("children")).strip()
    rest = images.strip(inline_text(children[index + 1 :])).strip()
    return term, not rest


def lead_code(children: list[Token] | None) -> str:
    """The text of a leading `code` span ("" when the text starts otherwise)."""
    for token in children or []:
        if token["type"] == "text" and not str(token.get("raw", "")).strip():
            continue
        return str(token.get("raw", "")).strip() if token["type"] == "codespan" else ""
    return ""


def strongs(children: list[Token] | None) -> tuple[str, ...]:
    """The plain text of every **bold** phrase, in order."""
    found: list[str] = []
    for token in children or []:
        if token["type"] == "strong":
            text = images.strip(inline_text(token.get("children"))).strip()
            if text:
                found.append(text)
        elif "children" in token and token["type"] in ("link", "emphasis", "mark"):
            found.extend(strongs(token["children"]))
    return tuple(found)
