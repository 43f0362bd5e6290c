"""Whole notes made of this session's new shapes, blown up, take linear time (issue 11, case 1).

Each shape is one a rule added for heldout notes reads: lead-ins that name what follows, menu paths, yes/no
matrices, KumaScript macros, badge lines, counts at a lead-in's end, plural subjects, key headings, file includes.
"""

from __future__ import annotations

import pytest

from flashforge.build import cards_for_text
from flashforge.sources import SourceText

from .hang_guard import no_hang

N = 20_000  # a quadratic pass over this takes minutes; a linear one well under a second


@pytest.mark.parametrize(
    "markdown",
    [
        "# T\n\n在以下" + "任意" * N + "路径函数中，可以使用 `x` 参数：\n\n- a\n- b\n",
        "# T\n\nAuthentication comes from the following " + "sources " * N + ":\n\n- a\n- b\n",
        "# T\n\nThis works best with " + "Settings > " * N + "Editor enabled.\n",
        "# T\n\n| K | "
        + " | ".join(["c"] * 2000)
        + " |\n|"
        + "---|" * 2001
        + "\n| x | "
        + " | ".join(["yes"] * 2000)
        + " |\n",
        "# T\n\n" + "{{Glossary(" + '"a", ' * N + ")}}" + " text\n",
        "# T\n\n" + "{{" * N + "x\n",
        "# T\n\n### H\n\n" + "[a](b) · " * N + "Experimental\n\nbody text here.\n",
        "# T\n\n双端队列支持的操作有" + " " * N + "4 个：\n\n- 在队首插入一个元素\n- 在队尾插入一个元素\n",
        "# T\n\n" + "".join(f"- Filters{i} filter content (e.g. drafts)\n" for i in range(N // 10)),
        "# T\n\n### meta\n\n" + "指定" * N + "：\n\n```\nx\n```\n",
        "# T\n\n" + "{* " + "a" * N + "\n",
        "# T\n\n" + "--8<-- " * N + "\n",
        "# T\n\n**Failure strategy**: " + "x. **Continue** refers to y. " * (N // 10) + "\n",
        "# T\n\n- " + "q[++qr]=x" * N + ";\n",
        "# T\n\n**X**\n\n" + "很长" * N + "。这么做有两个理由：\n\n- a 的理由很长\n- b 的理由很长\n",
        "# T\n\nThe " + "DONE " * N + "type is used to determine:\n\n- whether a thing\n- whether b thing\n",
        "# T\n\n**1. " + "对端，" * N + "**\n\nbody text here.\n",
        "# T\n\n缓存" + "主要" * N + "用于：\n\n- 减轻数据库的读压力\n- 保存会话状态\n",
        "# T\n\n<!--SR:!2024-07-04,37,250-->\n\n" + "a::" * N + "b\n",
        "# T\n\n" + "what?" * N + "::b\n" + "x::y\n" * N,
        "# T\n\nq\n" + "?\n" * N + "a\n",
        "# T\n\nYou can " + "see all " * N + "using:\n\n```\ngit branch\n```\n",
        "# T\n\nTo " + "a " * N + "use:\n\n```\ngit branch\n```\n",
        "# T\n\n查看" + "所有" * N + "：\n\n```\n" + "$ git branch\n" * N + "```\n",
        "# T\n\n" + "- 什么是 MDP？\n\n  答：一个元组。\n\n" * (N // 10),
        "# T\n\n- 什么是 MDP？\n" + "  问\n" * N + "  答：一个元组。\n",
        "# T\n\n哈希表的" + "核心" * N + "问题是：开放地址法。\n",
        "# T\n\n<details>\n<summary>What is DNS?</summary>" + "<br><b>" * N + "\n\nA system.\n</b></details>\n",
        "# T\n\n它的工作流程如下：\n\n" + "![a](b.png)\n\n" * (N // 10) + "1. a\n2. b\n",
    ],
)
def test_new_shapes_are_linear(markdown: str) -> None:
    with no_hang("cards_for_text"):
        cards, _ = cards_for_text(SourceText("hostile.md", markdown, "digest", "utf-8"))
        assert isinstance(cards, list)
