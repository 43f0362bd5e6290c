"""Finding a CJK font through fontconfig (the library WeasyPrint draws with).

Without one, WeasyPrint still writes a PDF, but every Chinese character is
an empty box; the command warns once and writes the HTML too.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

INSTALL_HINT = "sudo apt-get install fonts-noto-cjk"

# Simplified Chinese first (the notes are mostly Chinese), sans before serif
# (small type prints cleaner), proportional before monospace.
_PREFERENCE = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK",
    "Source Han Sans",
    "Noto Serif CJK SC",
)


@dataclass(frozen=True)
class Font:
    family: str
    file: str


def parse_fc_list(output: str) -> list[Font]:
    """Fonts from ``fc-list ... family file`` output (``file: family[,family…]`` per line)."""
    fonts = []
    for line in output.splitlines():
        file, sep, families = line.partition(": ")
        if not sep:
            continue
        for family in families.split(","):
            family = family.strip()
            if family:
                fonts.append(Font(family=family, file=file.strip()))
    return fonts


def choose(fonts: list[Font]) -> Font | None:
    """The best font for Chinese text among ``fonts``, or None."""
    if not fonts:
        return None

    def rank(font: Font) -> tuple[int, int, str]:
        name = font.family
        for index, preferred in enumerate(_PREFERENCE):
            if name == preferred or name.startswith(preferred):
                return (index, "Mono" in name, name)
        return (len(_PREFERENCE), "Mono" in name, name)

    return min(fonts, key=rank)


def find_cjk_font() -> Font | None:
    """Ask fontconfig for a font that covers Chinese; None when there is none (or no fontconfig)."""
    try:
        result = subprocess.run(
            ["fc-list", ":lang=zh", "family", "file"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    return choose(parse_fc_list(result.stdout))


def needs_cjk(text: str) -> bool:
    """True when ``text`` has characters a Latin font lacks (CJK ideographs, kana, hangul, full-width forms)."""
    return any(
        "\u2e80" <= char <= "\u9fff"
        or "\uac00" <= char <= "\ud7af"
        or "\uf900" <= char <= "\ufaff"
        or "\uff00" <= char <= "\uffef"
        or "\U00020000" <= char <= "\U0003134f"
        for char in text
    )
