"""The author's remarks leave answers and terms; real parentheticals stay (flashforge/extract/remarks.py)."""

from __future__ import annotations

import pytest

from flashforge.extract.remarks import drop_remarks


@pytest.mark.parametrize(
    ("text", "kept", "removed"),
    [
        ("overlay（抄了）", "overlay", ["（抄了）"]),
        ("每一位（？）表示一个描述符", "每一位表示一个描述符", ["（？）"]),
        ("reliable byte stream (TODO)", "reliable byte stream", ["(TODO)"]),
        ("实际为四层（TCP/IP协议簇）模型（感觉是五层）。", "实际为四层（TCP/IP协议簇）模型。", ["（感觉是五层）"]),
        ("支持多种驱动（不太懂），默认 overlay2", "支持多种驱动，默认 overlay2", ["（不太懂）"]),
        ("initrd 的位置（没找到官方文档）在 /boot", "initrd 的位置在 /boot", ["（没找到官方文档）"]),
        ("服务。（TODO）类似于虚拟网络", "服务。类似于虚拟网络", ["（TODO）"]),
        ("ipc（隔离进程间通信、消息队列（？））、pid", "ipc（隔离进程间通信、消息队列）、pid", ["（？）"]),
        ("通过 VFS（虚拟文件系统，TODO）提供接口", "通过 VFS（虚拟文件系统）提供接口", ["TODO"]),
        ("限制 cpu 访问（时间片分配？）", "限制 cpu 访问", ["（时间片分配？）"]),
        ("runs over UDP. TODO: explain 0-RTT", "runs over UDP.", ["TODO: explain 0-RTT"]),
        ("两个阶段都是非阻塞的，TODO", "两个阶段都是非阻塞的", ["TODO"]),
        ("异步返回。（细节TODO", "异步返回。", ["（细节TODO"]),
        ("第一行\n没有找到非常具体的说明\n第三行", "第一行\n第三行", ["没有找到非常具体的说明"]),
        ("bootfs没找到具体的说明，它指的是 boot loader", "它指的是 boot loader", ["bootfs没找到具体的说明"]),
        ("I couldn't find a good source. It is X.", "It is X.", ["I couldn't find a good source."]),
    ],
)
def test_remarks_are_dropped_and_listed(text: str, kept: str, removed: list[str]) -> None:
    assert drop_remarks(text) == (kept, removed)


@pytest.mark.parametrize(
    "text",
    [
        "地址解析协议 ARP（Address Resolution Protocol）是根据 IP 地址获取 MAC 地址的协议",
        "The Border Gateway Protocol (BGP) is the routing protocol of the internet.",
        "架构（自顶向下）",
        "支持 LIMIT 子句（用于分页）",
        "父进程调用 fork() 和 select() 之后",
        "普通文件（-）、阶乘（!）",
        "a todo list app keeps tasks",
        "如果没有找到对应的说明文件，就使用默认配置",
        "调用过程（见下）差不多",
        "",
        "  indented\n\nlines  ",
    ],
)
def test_real_text_is_kept(text: str) -> None:
    assert drop_remarks(text) == (text, [])


def test_a_line_that_is_only_a_remark_goes() -> None:
    assert drop_remarks("a\nTODO\n（懒得画图了，TODO\nb") == ("a\nb", ["TODO", "（懒得画图了，TODO"])


def test_long_asides_are_content() -> None:
    aside = "（" + "这一段很长的括号里有一个问号但它是正文的一部分，" * 3 + "对吗？）"
    assert drop_remarks("x" + aside) == ("x" + aside, [])


def test_deep_and_unbalanced_brackets_are_safe() -> None:
    deep = "x" + "（a" * 50 + "（？）" + "）" * 50
    assert drop_remarks(deep)[0].startswith("x（a")
    assert drop_remarks("（" * 5000 + "a")[0] == "（" * 5000 + "a"
    assert drop_remarks(")" * 5000) == (")" * 5000, [])
