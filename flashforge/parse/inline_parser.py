"""mistune's inline parser, made to take fewer steps for the same tokens.

Overrides of public methods of :class:`mistune.InlineParser` (3.4), on our subclass only:

- the regex of characters that may start a rule is kept for as long as the rules stay the same
  (mistune sorted the characters again for every run of plain text);
- a text in which no rule can start is one text token, without a parse;
- a text whose only markup is ``**bold**`` pairs or code spans (where no other rule can start) gets its tokens
  without a parse (:func:`star_pairs`, :func:`code_spans`);
- :meth:`FastInlineParser.parse` keeps the text between two rule matches as one token, runs of ``*``/``_``
  included (mistune appends each as a text token of its own, which its emphasis pass joins with the text
  around it before it splits the text at its runs again);
- :meth:`FastInlineParser.finalize_tokens` (the emphasis pass) finds runs of ``*``/``_`` with a regex
  instead of looking at every character in Python, and returns a text without any as it is.

They follow mistune 3.4's code and reuse the steps of its emphasis pass (``mistune._inline.emphasis``);
with any other mistune the parser is mistune's own. ``tests/test_parse_inline.py`` compares the tokens
with those of mistune's own inline parser.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Any

from mistune import InlineParser
from mistune.core import InlineState, token_depth
from mistune.inline_parser import _KNOWN_RULE_START_CHARS

try:
    from mistune._inline import emphasis

    MISTUNE_34 = all(hasattr(InlineParser, name) for name in ("_get_fast_trigger_chars", "_find_linebreak_start"))
except ImportError:  # pragma: no cover (mistune before 3.4)
    MISTUNE_34 = False

Token = dict[str, Any]
Delimiter = tuple[int, str, int, bool, bool]  # a run that may open or close: part index, marker, length, open, close

_RUN = re.compile(r"\*+|_+")
# A run of ``*`` or ``_`` that may open or close emphasis (see :func:`_flanking`): every run but one with a blank
# or the text's edge on both sides and a run of ``_`` between two letters or digits (``\s`` is ``str.isspace``,
# ``[^\W_]`` is ``str.isalnum``). A text in which it finds nothing has no delimiter (a run it finds may be none).
# Each branch starts with the run's character and looks behind it, so the search skips to the runs.
_MAY_DELIMIT = re.compile(
    r"\*(?<=[^\s*]\*)|\*(?=[^\s*])"  # a * with a character other than a blank before or after its run
    r"|_(?<=[^\w\s]_)|_(?=[^\w\s])"  # a _ with punctuation before or after its run
    r"|_(?<=[^\W_]_)_*(?!\S)"  # a letter or digit before, a blank or the end after
    r"|_(?<=\s_)_*(?=[^\W_])|_(?<![\s\S]_)_*(?=[^\W_])"  # a blank or the start before, a letter or digit after
)


# Trigger characters whose rules seldom match where they stand (``:`` and ``(`` in prose): see starts_pattern.
CHECKED = frozenset("#%(+:=^{~")  # not $: inline math refers back to a group, which no lookbehind may hold
_GROUP = re.compile(r"\(\?P([<=])(\w+)")


def _renamed(pattern: str, index: int) -> str:
    """``pattern`` with its named groups renamed for the ``index``-th branch ("" if it counts groups by number)."""
    if re.search(r"\\[1-9]", pattern):
        return ""
    return _GROUP.sub(lambda match: f"(?P{match.group(1)}{match.group(2)}_{index}", pattern)


def _compiles(pattern: str, flags: int) -> bool:
    try:
        re.compile(pattern, flags)
    except re.error:
        return False
    return True


class FastInlineParser(InlineParser):
    _trigger_chars: set[str] | None = None  # the set mistune built last (a new set whenever a rule is added)
    _trigger: re.Pattern[str] | None = None
    _by_char: dict[str, re.Pattern[str]]  # for _trigger_chars: each character's rules

    _starts: re.Pattern[str]  # for _trigger_chars: where a rule may start (see starts_pattern)
    _others: re.Pattern[str] | None = None  # where a rule other than emphasis may start (see star_pairs)
    checked: frozenset[str] = frozenset()  # the characters it checks

    def _get_fast_trigger_re(self, chars: set[str]) -> re.Pattern[str]:
        if chars is not self._trigger_chars or self._trigger is None:
            self._trigger = super()._get_fast_trigger_re(chars)
            self._trigger_chars = chars
            self._by_char = {}
            self._starts, self.checked = self.starts_pattern(chars)
            quick = self._quick_rules(chars)
            self._others = self.starts_pattern(chars - {"*", "`"})[0] if quick else None
        return self._trigger

    def _quick_rules(self, chars: set[str]) -> bool:
        """Whether mistune's emphasis and code span rules are the only rules that start with ``*`` and a backtick
        (and some other rule exists): :func:`star_pairs` and :func:`code_spans` read the texts of only those."""
        stars = [name for name in self.rules if "*" in self._start_chars(name)]
        ticks = [name for name in self.rules if "`" in self._start_chars(name)]
        return (
            stars == ["emphasis"]
            and ticks == ["codespan"]
            and len(chars - {"*", "`"}) > 0
            and type(self).parse_emphasis is InlineParser.parse_emphasis
            and type(self).parse_codespan is InlineParser.parse_codespan
            and self.max_nested_level > 0
        )

    def starts_pattern(self, chars: set[str]) -> tuple[re.Pattern[str], frozenset[str]]:
        """The trigger characters, each of :data:`CHECKED` only where one of its rules matches.

        Most ``(``, ``:`` or ``+`` in prose start no rule; mistune stops at each, tries its rules and goes on
        one character further. This pattern looks for those characters' rules where it stands (a lookahead
        inside a one-character lookbehind, so that every branch starts with its character and the search skips
        to them), and finds a position where the loop would stop for a match or for a character of another rule.
        Returns the pattern and the characters it checks.
        """
        branches: dict[str, str] = {}
        for index, char in enumerate(sorted(chars)):
            names = [name for name in self.rules if char in self._start_chars(name)]
            patterns = [_renamed(self.specification[name], index) for name in names if name in self.specification]
            if char in CHECKED and len(patterns) == len(names) and all(patterns):
                branches[char] = re.escape(char) + "(?<=(?=" + "|".join(patterns) + ").)"
        try:  # compiled once (each worker process builds the parser)
            pattern = re.compile("|".join(branches.get(char, re.escape(char)) for char in sorted(chars)), self.sc_flag)
        except re.error:  # a rule's pattern that no lookbehind may hold (one that refers back to a group): unchecked
            branches = {char: branch for char, branch in branches.items() if _compiles(branch, self.sc_flag)}
            pattern = re.compile("|".join(branches.get(char, re.escape(char)) for char in sorted(chars)), self.sc_flag)
        return pattern, frozenset(branches)

    def prepare(self) -> None:
        """Compile the patterns the parse uses now, once the rules are registered (a parser serves many notes)."""
        chars = self._get_fast_trigger_chars() if MISTUNE_34 else None
        self.compile_sc()
        if chars is not None:
            self._get_fast_trigger_re(chars)
            for char in sorted(chars):
                self.rules_starting_with(char)

    def rules_starting_with(self, char: str) -> re.Pattern[str]:
        """The pattern of the rules (in order) that may start with ``char``, a character in the trigger set.

        A rule's start characters are exhaustive (mistune's own fast path relies on it), except that a line
        break starts at the blanks or the backslash before its newline. Matching these few rules at a
        ``:`` finds what matching all two dozen finds, at a fraction of the cost.
        """
        found = self._by_char.get(char)
        if found is None:
            names = [name for name in self.rules if char in self._start_chars(name)]
            found = self._by_char[char] = self.compile_sc(names)
        return found

    def _start_chars(self, name: str) -> set[str]:
        chars = set(self._rule_start_chars.get(name, _KNOWN_RULE_START_CHARS.get(name, ())))
        return chars | {" ", "\\"} if name in ("linebreak", "softbreak") else chars

    def __call__(self, s: str, env: MutableMapping[str, Any]) -> list[Token]:
        """A text in which no rule can start (half of all texts) is one text token: no state, no loop."""
        trigger = self._trigger
        if trigger is None or self._fast_trigger_chars is not self._trigger_chars:  # the rules changed
            chars = self._get_fast_trigger_chars() if MISTUNE_34 else None
            if chars is None:
                return super().__call__(s, env)
            trigger = self._get_fast_trigger_re(chars)
        if self._starts.search(s) is None:  # mistune's pieces, all text, which its last step joins
            return [{"type": "text", "raw": s}]
        if self._others is not None and "_" not in s and self._others.search(s) is None:
            # a text whose only markup is **bold** or `code` (most texts with any)
            quick = star_pairs(s) if "`" not in s else code_spans(s) if "*" not in s else None
            if quick is not None:
                return quick
        state = self.state_cls(env)  # mistune's __call__ and render, without their two calls
        state.src = s
        return self.parse(state)

    def parse(self, state: InlineState) -> list[Token]:
        """mistune 3.4's loop, with the text between two rule matches kept as one token.

        At a character that may start a rule but starts none (``:``, ``(``, ``#`` in prose), mistune
        appends the text before it and the character as two text tokens, which its last step
        (``finalize_tokens``) joins again. Here the text stays pending until a rule matches, so the
        same tokens come out of far fewer steps (see :meth:`append_text` for the one exception).
        """
        chars = self._get_fast_trigger_chars() if MISTUNE_34 else None
        if chars is None:
            return super().parse(state)
        src, pos, pending = state.src, 0, 0  # src[pending:pos] is text not yet appended
        trigger, size = self._get_fast_trigger_re(chars), len(state.src)
        by_char, starts = self._by_char, self._starts
        fold = "emphasis" if type(self).parse_emphasis is InlineParser.parse_emphasis else None
        code = "codespan" if type(self).parse_codespan is InlineParser.parse_codespan else None
        while pos < size:
            found = starts.search(src, pos)
            if found is None:
                break
            start = found.start()
            if src[start] == "\n":
                start = self._find_linebreak_start(src, pos, start)
                m = self.compile_sc().match(src, start)
            else:
                m = (by_char.get(src[start]) or self.rules_starting_with(src[start])).match(src, start)
            if m is None:
                pos = start + 1
                continue
            if m.lastgroup == fold:  # a run of */_: mistune's text token, joined with the text around it later
                pos = m.end()
                continue
            if start > pending:
                self.append_text(state, pending, start, trigger)
            new_pos = _codespan(m, state) if m.lastgroup == code else None
            if new_pos is None:
                new_pos = self.parse_method(m, state)
            if not new_pos:  # the rule declined: its first character is a text token of its own, as in mistune
                new_pos = start + 1
                self.process_text(src[start:new_pos], state)
            pos = pending = new_pos
        if size > pending or not size:
            self.append_text(state, pending, size, trigger)
        state.tokens = self.finalize_tokens(state.tokens, state.depth)
        return state.tokens

    def append_text(self, state: InlineState, start: int, end: int, trigger: re.Pattern[str]) -> None:
        """``state.src[start:end]``, text in which no rule matches, as one text token; as mistune's pieces
        (runs of text and single characters that may start a rule) after a text token ending with ``&``.

        The emphasis pass joins adjacent text tokens, except a token ending with ``&`` and one that starts
        like the rest of an entity (``amp;``, ``#123;``): whether they stay apart depends on the pieces.
        Between two of mistune's pieces of such a text that never happens (one of the two is a single
        character, which no entity's rest is, or does not end with ``&``).
        """
        src = state.src
        last = state.tokens[-1] if state.tokens else None
        if last is None or last["type"] != "text" or not last["raw"].endswith("&"):
            self.process_text(src[start:end], state)
            return
        while start < end:
            found = trigger.search(src, start, end)
            cut = end if found is None else max(found.start(), start + 1)
            self.process_text(src[start:cut], state)
            start = cut

    def finalize_tokens(self, tokens: list[Token], depth: int) -> list[Token]:
        """mistune 3.4's emphasis pass (``finalize_emphasis_tokens``) with its runs found by a regex."""
        if not MISTUNE_34:
            return super().finalize_tokens(tokens, depth)
        remaining = self.max_nested_level - depth
        if len(tokens) == 1 and len(tokens[0]) == 2 and tokens[0]["type"] == "text":  # most texts: one plain token
            raw = tokens[0]["raw"]
            if "*" not in raw and "_" not in raw:
                return tokens
            if "emphasis" in self.rules and remaining > 0:  # the steps below for one text: its own source
                if _MAY_DELIMIT.search(raw) is None:  # no run can open or close: one text, as mistune's pass leaves it
                    return tokens
                parts: list[Token] = []
                delimiters: list[Delimiter] = []
                split_runs(raw, raw, 0, parts, delimiters)
                return _resolve(parts, delimiters, remaining)
        if len(tokens) > 1 and _texts_adjacent(tokens):  # else mistune's joining leaves every token as it is
            tokens = emphasis._coalesce_emphasis_text(tokens)
        if "emphasis" not in self.rules or remaining <= 0 or not emphasis._contains_emphasis_marker(tokens):
            return [
                token
                if "_emphasis" not in token and "_autolink" not in token
                else emphasis._clean_emphasis_token(token)
                for token in tokens
            ]
        parts = []
        delimiters = []
        source = emphasis._emphasis_source_text(tokens)
        source_pos = 0
        for token in tokens:
            if token["type"] == "text" and token.get("_emphasis", True):
                split_runs(token["raw"], source, source_pos, parts, delimiters)
            else:
                parts.append(emphasis._clean_emphasis_token(token))
            source_pos += emphasis._emphasis_source_length(token)
        return _resolve(parts, delimiters, remaining)


def _codespan(m: re.Match[str], state: InlineState) -> int | None:
    """mistune's ``parse_codespan`` when the first run of as many backticks after the opening one closes it (the
    quick path of its ``DelimiterScanner.code_end``), without a scanner and two calls; else None (mistune's own)."""
    src, marker, pos = state.src, m.group(0), m.end()
    end = _code_end(src, marker, pos)
    if end is None:
        return None
    state.append_token({"type": "codespan", "raw": _code(src[pos:end])})
    return end + len(marker)


def _code_end(src: str, marker: str, pos: int) -> int | None:
    """Where the code span opened by ``marker`` ends, when the first run of as many backticks from ``pos`` on is
    one of exactly that many; else None."""
    end = src.find(marker, pos)
    after = end + len(marker)
    if end < 0 or src[end - 1] == "`" or (after < len(src) and src[after] == "`"):
        return None
    return end


def _code(code: str) -> str:
    """mistune's code span text: line ends as blanks, one blank stripped from both ends when both have one."""
    code = code.replace("\n", " ")
    if code.strip(" ") and code.startswith(" ") and code.endswith(" "):
        code = code[1:-1]
    return code


_TICKS = re.compile(r"`+")


def code_spans(text: str) -> list[Token] | None:
    """The tokens of a text whose only markup is code spans each closed by the first run of as many backticks, as
    :meth:`FastInlineParser.parse` gives them for a text in which no other rule starts and without ``*`` and
    ``_`` (texts and code spans one after the other: the emphasis pass has nothing to do); None for any other
    text (the whole parse decides)."""
    tokens: list[Token] = []
    pos = 0
    while True:
        opening = _TICKS.search(text, pos)
        if opening is None:
            break
        start, inner = opening.span()
        end = _code_end(text, opening.group(0), inner)
        if end is None:
            return None
        if start > pos:
            tokens.append({"type": "text", "raw": text[pos:start]})
        tokens.append({"type": "codespan", "raw": _code(text[inner:end])})
        pos = end + inner - start
    if pos < len(text):
        tokens.append({"type": "text", "raw": text[pos:]})
    return tokens


def _resolve(parts: list[Token], delimiters: list[Delimiter], remaining: int) -> list[Token]:
    """mistune's last steps of the emphasis pass: delimiters paired into emphasis and strong, texts joined."""
    if not delimiters:
        return emphasis._merge_text_tokens(parts)
    paired = _pairs(parts, delimiters, remaining)
    if paired is None:
        runs = [
            emphasis._Delimiter(index, marker, length, can_open, can_close, length, order)
            for order, (index, marker, length, can_open, can_close) in enumerate(delimiters)
        ]
        if not emphasis._process_dense_emphasis(parts, runs):
            emphasis._process_emphasis_delimiters(parts, runs, remaining)
        paired = parts
    return emphasis._merge_text_tokens(paired)


def _pairs(parts: list[Token], delimiters: list[Delimiter], remaining: int) -> list[Token] | None:
    """``parts`` with the 1st delimiter and the 2nd made one emphasis or strong, the 3rd and the 4th… (most texts:
    ``**term**``), when mistune's ``_process_emphasis_delimiters`` pairs them so; else None (nothing changed).

    It does when each pair is an opener and a closer of the same marker and length (1 or 2): taking closers in
    order, mistune finds every earlier delimiter used up and the pair's opener first when it looks back, uses
    the whole length, and leaves no delimiter to pair. Four or more runs of one character are left to mistune
    (its dense path)."""
    count = len(delimiters)
    if count % 2 or (count >= 4 and all(delimiter[2] == 1 for delimiter in delimiters)):
        return None
    out: list[Token] = []
    pos = 0
    for index in range(0, count, 2):
        (start, marker, length, can_open, _), (end, closer_marker, closer_length, _, can_close) = delimiters[
            index : index + 2
        ]
        if not (can_open and can_close and marker == closer_marker and length == closer_length <= 2):
            return None
        if not emphasis._has_emphasis_content(parts, start + 1, end):
            return None
        children = parts[start + 1 : end]
        if any("children" in child for child in children) and token_depth(children) >= remaining:
            return None
        out.extend(parts[pos:start])
        out.append({"type": "strong" if length == 2 else "emphasis", "children": children})
        pos = end + 1
    out.extend(parts[pos:])
    return out


def star_pairs(text: str) -> list[Token] | None:
    """The tokens of a text whose runs of ``*`` pair up in order as ``**bold**`` or ``*emphasis*`` (the 1st run with
    the 2nd, the 3rd with the 4th…), as :meth:`FastInlineParser.parse` and its emphasis pass give them for a text in
    which no other rule starts and without ``_``; None when the runs do not pair so (the whole parse decides).

    The parse leaves such a text one text token; :func:`split_runs` cuts it at its runs, every one a delimiter
    here (an opener or a closer), and :func:`_pairs` pairs them when each pair is an opener and a closer of the
    same length (1 or 2) with text between them and they are not four or more single ``*``.
    """
    runs = [match.span() for match in _RUN.finditer(text)]
    if not runs or len(runs) % 2 or (len(runs) >= 4 and all(end - start == 1 for start, end in runs)):
        return None
    tokens: list[Token] = []
    pos, size = 0, len(text)
    for (start, inner), (close, end) in zip(runs[::2], runs[1::2], strict=True):
        length = inner - start
        if length > 2 or end - close != length or close == inner:
            return None
        if not FLANKS[_kind(text[start - 1] if start else "\n"), _kind(text[inner]), "*"][0]:
            return None  # the first run cannot open
        if not FLANKS[_kind(text[close - 1]), _kind(text[end] if end < size else "\n"), "*"][1]:
            return None  # the second run cannot close
        if start > pos:
            tokens.append({"type": "text", "raw": text[pos:start]})
        children = [{"type": "text", "raw": text[inner:close]}]
        tokens.append({"type": "strong" if length == 2 else "emphasis", "children": children})
        pos = end
    if pos < size:
        tokens.append({"type": "text", "raw": text[pos:]})
    return tokens


def _kind(char: str) -> int:
    """A character as :data:`FLANKS` tells them apart: blank 0, letter or digit 1, anything else 2."""
    return 0 if char.isspace() else 1 if char.isalnum() else 2


def _texts_adjacent(tokens: list[Token]) -> bool:
    """Whether two text tokens follow one another (the only tokens mistune's ``_coalesce_emphasis_text`` joins)."""
    previous = ""
    for token in tokens:
        kind = token["type"]
        if kind == "text" and previous == "text":
            return True
        previous = kind
    return False


def split_runs(text: str, source: str, offset: int, parts: list[Token], delimiters: list[Delimiter]) -> None:
    """mistune's ``_split_text_token``: ``text`` (at ``offset`` in ``source``) as text pieces and runs of one
    of ``*``/``_``; each run that can open or close emphasis is a delimiter (its flanking from :data:`FLANKS`)."""
    pos, size, flanks = 0, len(source), FLANKS
    for run in _RUN.finditer(text):
        start, end = run.span()
        if start > pos:
            parts.append({"type": "text", "raw": text[pos:start]})
        at, after, marker = offset + start, offset + end, text[start]
        previous = source[at - 1] if at else "\n"
        following = source[after] if after < size else "\n"
        can_open, can_close = flanks[
            0 if previous.isspace() else 1 if previous.isalnum() else 2,
            0 if following.isspace() else 1 if following.isalnum() else 2,
            marker,
        ]
        if can_open or can_close:
            delimiters.append((len(parts), marker, end - start, can_open, can_close))
        parts.append({"type": "text", "raw": text[start:end]})
        pos = end
    if pos < len(text):
        parts.append({"type": "text", "raw": text[pos:]})


def _flanking(source: str, at: int, length: int, marker: str) -> tuple[bool, bool]:
    """mistune's ``_can_open_emphasis`` and ``_can_close_emphasis`` of the run at ``at``, in one step."""
    previous = source[at - 1] if at > 0 else "\n"
    after = at + length
    following = source[after] if after < len(source) else "\n"
    if marker == "_" and previous.isalnum() and following.isalnum():
        return False, False
    previous_blank, following_blank = previous.isspace(), following.isspace()
    previous_mark = not previous_blank and not previous.isalnum()  # mistune's _is_punctuation
    following_mark = not following_blank and not following.isalnum()
    can_open = not following_blank and not (following_mark and not previous_blank and not previous_mark)
    can_close = not previous_blank and not (previous_mark and not following_blank and not following_mark)
    return can_open, can_close


# :func:`_flanking` looks at the characters around a run only as a blank (``isspace``; the text's edge is one),
# a letter or digit (``isalnum``) or anything else: (kind before, kind after, marker) → (can open, can close).
FLANKS = {
    (before, after, marker): _flanking(f"{left}{marker}{right}", 1, 1, marker)
    for before, left in enumerate(" a!")
    for after, right in enumerate(" a!")
    for marker in "*_"
}
