"""Images written in notes, in every dialect, travel from the markdown into Anki (real collection)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from anki.collection import Collection
from typer.testing import CliRunner

from flashforge.cli import app
from tests.anki_support import import_package
from tests.conftest import NOW

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
GIF = b"GIF89a" + b"\x00" * 16
NOTES = """# 网络

## ARP

- 流程：广播请求，单播应答 ![arp](img/arp.png)
- 报文：见下图 ![[frame.gif]]
- 结构：三层 <img src="img/layout.png" alt="layout">
- 远程：![web](https://example.com/x.png) 不下载
"""


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FLASHFORGE_NOW", NOW.isoformat())
    notes = tmp_path / "notes"
    (notes / "img").mkdir(parents=True)
    (notes / "img" / "arp.png").write_bytes(PNG)
    (notes / "img" / "layout.png").write_bytes(PNG)
    (notes / "frame.gif").write_bytes(GIF)
    (notes / "笔记.md").write_text(NOTES, encoding="utf-8")
    return tmp_path


def cards_jsonl() -> list[dict[str, object]]:
    code, output = run("cards", "--format", "jsonl")
    assert code == 0, output
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_image_syntax_never_reaches_the_text(project: Path):
    assert run("build")[0] == 0
    backs = {str(card["front"]).split(" · ")[-1]: str(card["back"]) for card in cards_jsonl()}
    assert backs["流程"] == "广播请求，单播应答"
    assert backs["报文"] == "见下图"
    assert all("![" not in back and "<img" not in back and "\ue000" not in back for back in backs.values())


def test_images_are_bundled_and_shown_in_anki(project: Path, collection: Collection):
    code, output = run("export", "apkg", "-o", "out.apkg")
    assert code == 0, output
    assert "3 media files" in output, output
    import_package(collection, project / "out.apkg")
    backs = [collection.get_note(nid)["Back"] for nid in collection.find_notes("")]
    shown = " ".join(backs)
    assert shown.count("<img") == 4, shown  # three bundled, one remote left as a link to the web
    assert "https://example.com/x.png" in shown
    media = sorted(path.name for path in Path(collection.media.dir()).iterdir())
    assert len(media) == 3 and any(name.startswith("frame") for name in media), media
    assert (Path(collection.media.dir()) / "frame.gif").read_bytes() == GIF


def test_missing_and_outside_images_warn_with_file_and_line(project: Path):
    (project / "secret.png").write_bytes(PNG)
    notes = project / "notes" / "笔记.md"
    notes.write_text(NOTES + "- 缺图：没有这张 ![[gone.png]]\n- 越界：外面的图 ![x](../secret.png)\n", encoding="utf-8")
    code, output = run("export", "apkg", "-o", "out.apkg")
    assert code == 1, output  # written, with the bad images left out
    assert "笔记.md:9: image 'gone.png'" in output and "not found" in output
    assert "笔记.md:10: image '../secret.png'" in output and "outside the notes folder" in output
    assert (project / "out.apkg").is_file()
