"""The one mistune parser, with every dialect registered the way mistune extends itself.

Block rules come from :mod:`.containers` (admonitions, callouts, ``:::``,
``<details>``, ``<div markdown>``), :mod:`.metadata` (footnotes, comments,
inline fields, TOC markers, math) and :mod:`.tables`; inline rules from
:mod:`.inline`; mistune's own ``def_list``, ``mark`` and ``strikethrough``
plugins and its inline math rule where they serve.
"""

from __future__ import annotations

import functools
from collections.abc import MutableMapping
from typing import Any

import mistune
from mistune.core import BlockState
from mistune.plugins import import_plugin
from mistune.plugins.math import INLINE_MATH_PATTERN, parse_inline_math

from . import containers, inline, metadata, tables
from .blocks import LineBlockParser
from .inline_parser import FastInlineParser

# Deeper list nesting than this is flattened: a list nested 500 levels deep must
# not blow the stack (mistune recurses per level) nor make absurd cards.
MAX_NESTING = 12


_BLOCK_RULES: tuple[tuple[str, str, Any, str], ...] = (
    # name, pattern, function, registered before
    ("ff_ad_fence", containers.AD_FENCE, containers.parse_ad_fence, "fenced_code"),
    ("ff_admonition", containers.ADMONITION, containers.parse_admonition, "fenced_code"),
    ("ff_tab", containers.TAB, containers.parse_tab, "fenced_code"),
    ("ff_fence", containers.FENCE, containers.parse_fence, "fenced_code"),
    ("ff_slash_block", containers.SLASH_BLOCK, containers.parse_slash_block, "fenced_code"),
    ("ff_math", metadata.MATH, metadata.parse_math, "fenced_code"),
    ("ff_toc", metadata.TOC, metadata.parse_toc, "ref_link"),
    ("ff_mdx", metadata.MDX_ESM, metadata.parse_mdx, "ref_link"),
    ("ff_footnote", metadata.FOOTNOTE, metadata.parse_footnote, "ref_link"),
    ("ff_abbr", metadata.ABBR, metadata.parse_abbr, "ref_link"),
    ("ff_comment", metadata.COMMENT, metadata.parse_comment, "ref_link"),
    ("ff_ial", metadata.IAL, metadata.parse_ial, "ref_link"),
    ("ff_include", metadata.INCLUDE, metadata.parse_include, "ref_link"),
    ("ff_inline_fields", metadata.INLINE_FIELDS, metadata.parse_inline_fields, "ref_link"),
    ("ff_details", containers.DETAILS, containers.parse_details, "raw_html"),
    ("ff_md_html", containers.MD_HTML, containers.parse_md_html, "raw_html"),
    ("ff_table", tables.HEADER, tables.parse_table, "def_list"),
)


class TokenMarkdown(mistune.Markdown):
    """mistune's Markdown for tokens (no renderer), whose last step fills in the inline tokens in place."""

    def render_state(self, state: BlockState) -> str | list[dict[str, Any]]:
        """mistune 3.4 walks the block tokens with nested generators and copies every list of children."""
        if self.renderer:
            return super().render_state(state)
        self.fill_inline(state.tokens, state.env)
        return list(state.tokens)

    def fill_inline(self, tokens: list[dict[str, Any]], env: MutableMapping[str, Any]) -> None:
        """Each token with a ``text`` gets the inline tokens of its text as ``children``, as mistune does."""
        for token in tokens:
            if "children" in token:
                self.fill_inline(token["children"], env)
            elif "text" in token:
                token["children"] = self.inline(token.pop("text").strip(" \r\n\t\f"), env)


@functools.cache
def parser() -> mistune.Markdown:
    """One parser for the process: building mistune's rule tables costs more than a small file's parse."""
    return build(FastInlineParser())


def build(inline_parser: mistune.InlineParser) -> mistune.Markdown:
    """Our parser with ``inline_parser`` as its inline parser (the tests build one with mistune's own)."""
    block = LineBlockParser()
    md = TokenMarkdown(renderer=None, block=block, inline=inline_parser)
    for plugin in ("strikethrough", "mark", "def_list"):
        md.use(import_plugin(plugin))
    md.block.register("block_quote", containers.QUOTE, containers.parse_quote)
    for name, pattern, func, before in _BLOCK_RULES:
        md.block.register(name, pattern, func, before=before)
        if name not in md.block.list_rules:
            md.block.insert_rule(md.block.list_rules, name, before=before)
    md.inline.register("inline_math", INLINE_MATH_PATTERN, parse_inline_math, before="link", start_chars=["$"])
    inline.register(md)
    # Let mistune nest a little deeper than we keep, so that the reader sees
    # (and reports) what it cuts; bounded, so that 500 levels cannot blow the stack.
    md.block.max_nested_level = MAX_NESTING + 4
    if isinstance(inline_parser, FastInlineParser):
        inline_parser.prepare()
    block.prepare()
    return md
