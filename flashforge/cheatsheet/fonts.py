"""CJK fonts: found through fontconfig, embedded as a subset of the glyphs the sheet uses.

WeasyPrint draws with fontconfig's fonts. Without a CJK font it still writes
a PDF, but every Chinese character is an empty box: the command then warns
once (with the install command) and writes the HTML too.

With a font, the sheet embeds it (``@font-face`` with a data URL) cut down
to the characters the sheet contains. The HTML then prints the same on a
machine without CJK fonts, and WeasyPrint has a small font to subset: a full
Noto Sans CJK face has 65,000 glyphs and subsetting it with fontTools costs
seconds per weight, whatever the size of the sheet.
"""

from __future__ import annotations

import io
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
    "Droid Sans Fallback",
    "Noto Serif CJK SC",
)

# fontconfig weights: 80 regular, 200 bold (a bold query on a family
# without a bold face answers with the regular one).
_FC_BOLD = 200


@dataclass(frozen=True)
class FontFace:
    """One face of a font file (a .ttc holds several, told apart by index)."""

    family: str
    file: str
    index: int = 0


@dataclass(frozen=True)
class CjkFont:
    family: str
    regular: FontFace
    bold: FontFace | None


@dataclass(frozen=True)
class EmbeddedFont:
    """A subset font ready for ``@font-face``: OpenType bytes and the CSS weight they serve."""

    family: str
    weight: int
    data: bytes


def parse_fc_list(output: str) -> list[FontFace]:
    """Faces from ``fc-list -f '%{family[0]}|%{file}|%{index}\\n'`` output."""
    faces = []
    for line in output.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[0].strip() or not parts[1].strip():
            continue
        index = int(parts[2]) if parts[2].strip().isdigit() else 0
        faces.append(FontFace(family=parts[0].strip(), file=parts[1].strip(), index=index))
    return faces


def choose(faces: list[FontFace]) -> FontFace | None:
    """The best face for Chinese text among ``faces``, or None."""

    def rank(face: FontFace) -> tuple[int, bool, str]:
        name = face.family
        for position, preferred in enumerate(_PREFERENCE):
            if name == preferred or name.startswith(preferred):
                return (position, "Mono" in name, name)
        return (len(_PREFERENCE), "Mono" in name, name)

    return min(faces, key=rank) if faces else None


def _run(command: list[str]) -> str | None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout if result.returncode == 0 else None


def find_cjk_font() -> CjkFont | None:
    """Ask fontconfig for a font that covers Chinese; None when there is none (or no fontconfig)."""
    listing = _run(["fc-list", ":lang=zh:style=Regular", "-f", "%{family[0]}|%{file}|%{index}\n"])
    if not listing:  # some fonts name their regular style differently ("Book", "R")
        listing = _run(["fc-list", ":lang=zh", "-f", "%{family[0]}|%{file}|%{index}\n"])
    regular = choose(parse_fc_list(listing or ""))
    if regular is None:
        return None
    bold = None
    match = _run(["fc-match", "-f", "%{family[0]}|%{file}|%{index}|%{weight}", f"{regular.family}:bold"])
    if match:
        family, file, index, weight = [*match.split("|"), "", "", ""][:4]
        if family == regular.family and weight.strip().isdigit() and int(weight) >= _FC_BOLD:
            bold = FontFace(family=family, file=file, index=int(index) if index.isdigit() else 0)
    return CjkFont(family=regular.family, regular=regular, bold=bold)


def no_fonts_at_all() -> bool:
    """True when fontconfig answers but knows no font (WeasyPrint crashes then, so we must not call it)."""
    listing = _run(["fc-list", ":", "family"])
    return listing is not None and not listing.strip()


def subset_face(face: FontFace, text: str) -> bytes | None:
    """The face cut down to the characters of ``text`` (OpenType bytes), or None if it cannot be read."""
    from fontTools import subset  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    options = subset.Options()
    options.desubroutinize = True  # what WeasyPrint does too; CFF subroutines outlive the glyphs they served
    options.hinting = False  # print resolution needs no hints
    options.name_IDs = ["*"]  # keep the real name: the PDF then says which font it carries
    options.notdef_outline = True
    options.ignore_missing_glyphs = True
    # No OpenType features: following GSUB's closure over a CJK font costs more
    # than the rest of the subsetting, and WeasyPrint drops GSUB/GPOS from the PDF anyway.
    options.layout_features = []
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, set(text))))  # set() first: the text may be megabytes
    try:
        # fontconfig's index carries a variable font's named instance in its high bits.
        font = TTFont(face.file, fontNumber=face.index & 0xFFFF, lazy=True)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    except Exception:  # any font fontTools cannot cut: the sheet falls back to the installed font, only slower
        return None
    return out.getvalue()


def embedded_family(family: str) -> str:
    """The name the sheet gives its subset: the real name would let fontconfig pick the installed full font."""
    return f"{family} subset"


def embed_cjk_font(font: CjkFont, text: str) -> list[EmbeddedFont]:
    """Subsets of the regular and bold faces for ``text``; empty when the regular face cannot be read.

    Without its regular face an embedded family would draw body text in bold,
    so then nothing is embedded and the sheet uses the installed font.
    """
    regular = subset_face(font.regular, text)
    if regular is None:
        return []
    family = embedded_family(font.family)
    embedded = [EmbeddedFont(family=family, weight=400, data=regular)]
    bold = subset_face(font.bold, text) if font.bold is not None else None
    if bold is not None:
        embedded.append(EmbeddedFont(family=family, weight=700, data=bold))
    return embedded


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
