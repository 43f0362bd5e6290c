"""The guard's quick paths change nothing: the text and the lines it reports equal the plain line-by-line guard's."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from flashforge.parse import guard
from flashforge.parse.guard import MAX_EMPHASIS_RUNS, MAX_LINE, MAX_SPACE_RUN, Guarded, tame


def line_by_line(text: str) -> tuple[str, Guarded]:
    """The guard as it was before its quick paths: every line of a longer text looked at, every unit counted."""
    guarded = Guarded()
    if len(text) < 2000 and text.count("*") + text.count("_") < MAX_EMPHASIS_RUNS:
        return text, guarded
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if len(line) > MAX_LINE:
            lines[index] = ""
            guarded.long_lines.append(index + 1)
        elif len(line) > MAX_SPACE_RUN:
            lines[index] = guard._SPACE_RUN.sub(" ", line)
    if text.count("*") + text.count("_") > MAX_EMPHASIS_RUNS:
        guard._escape_heavy_units(lines, guarded)
    return "\n".join(lines), guarded


PIECES = [
    "*",
    "_",
    "**bold** ",
    "a_b ",
    "*" * (MAX_EMPHASIS_RUNS // 2) + " ",
    " * " * (MAX_EMPHASIS_RUNS // 2),
    "word ",
    "词",
    " " * (MAX_SPACE_RUN + 3),
    "\u3000" * (MAX_SPACE_RUN + 1),
    "\t" * (MAX_SPACE_RUN + 1),
    " \t\u3000" * (MAX_SPACE_RUN // 3),
    " " * (MAX_SPACE_RUN - 1),
    "\t",
    "\n",
    "\n\n",
    "\n\n\n",
    "\n   \n",
    "*a* ",
    "\n- ",
    "\n1. ",
    "\n# ",
    "x" * (MAX_LINE // 3),
    "y" * 700,
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_tame_equals_the_line_by_line_guard(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert tame(text) == line_by_line(text)


def test_a_heavy_unit_among_light_ones_is_still_escaped() -> None:
    light = "\n\n".join(f"**{n}** and *{n}*" for n in range(40))  # more than the limit in all, few per paragraph
    heavy = " ".join("*a*" for _ in range(MAX_EMPHASIS_RUNS))
    text = f"{light}\n\n{heavy}\n"
    tamed, guarded = tame(text)
    assert tamed.startswith(light)
    assert guarded.escaped == [light.count("\n") + 2]  # the unit starts at the empty line before it
    assert (tamed, guarded) == line_by_line(text)


def test_only_the_lines_with_a_run_of_blanks_or_in_a_heavy_stretch_are_looked_at() -> None:
    blanks = " " * (MAX_SPACE_RUN + 1)
    text = f"a{blanks}b\nplain\n\tc{blanks}\td\n" + "x" * (MAX_LINE + 1) + f"\n\n{'*a* ' * MAX_EMPHASIS_RUNS}\n"
    assert guard._space_run_lines(text) == [0, 2]
    assert guard._heavy_stretches(text) == [(4, 7)]  # from the empty line before the stretch to the end
    tamed, guarded = tame(text)
    assert tamed.split("\n")[:3] == ["a b", "plain", "\tc d"]
    assert (guarded.long_lines, guarded.escaped) == ([4], [5])
    assert (tamed, guarded) == line_by_line(text)
