"""A lead-in that says what a command does, then the command: "You can see all branches using:" / ```git branch```.

The card asks for the action ("see all branches of your project") and answers with the command. Only a short
block of shell commands counts (a few lines, no program in a language), after a lead-in that names an action:
"To X, use:", "You can X using/with:", "If you decide to X, you can … with:", "查看所有分支：",
"使用以下命令创建分支：".
Lead-ins that only announce ("示例：", "输出如下：", "For example:") give no card.
"""

from __future__ import annotations

import re

from ..parse import Block
from .base import Found

# At most this many lines of this many characters: a command to remember, not a script to read.
MAX_COMMAND_LINES = 3
MAX_COMMAND_CHARS = 160
MAX_ACTION_CHARS = 60
# Fences that hold commands (an untagged fence usually does too).
_SHELL = frozenset({
    "", "bash", "sh", "shell", "console", "zsh", "fish", "powershell", "ps", "ps1", "cmd", "bat", "terminal",
    "shell-session", "shellsession", "sql", "mysql", "psql", "redis", "text", "plain",
})  # fmt: skip

_EN_ACTION = (
    # "To change between branches, use the following command:"
    re.compile(
        r"^to\s+(?P<act>[^,:]{3,80}?),?\s+(?:you\s+can\s+|you\s+should\s+)?(?:use|run|type|enter|execute)\b.*$", re.I
    ),
    # "If you decide to get rid of a branch you can delete it with:"
    re.compile(
        r"^if\s+you\s+(?:want|decide|need|wish)\s+to\s+(?P<act>[^,:]{3,80}?),?\s+(?:you\s+can|use|run)\b.*$", re.I
    ),
    # "You can create a branch and switch to it using:", "We can see the log with the command:"
    re.compile(
        r"^(?:you|we|one)\s+(?:can|could|may)\s+(?:also\s+)?(?P<act>[^,:]{3,80}?)\s+(?:using|with|by\s+running|"
        r"by\s+typing|by\s+using|via)(?:\s+(?:the\s+)?(?:following\s+)?(?:command|commands|code))?$",
        re.I,
    ),
)
# "查看所有分支：", "使用以下命令创建分支：", "可以通过如下命令查看日志：" (the action is what is left).
_ZH_POINTER = re.compile(
    r"^(?:我们|你)?(?:可以)?(?:使用|用|通过|执行|运行|输入)?(?:以下|下面的?|如下)?(?:的)?(?:命令|指令)?(?:来|可以)?"
)
_ZH_TAIL = re.compile(r"(?:的)?(?:命令|指令)?(?:如下|为|是)?$")
_ZH_THEN = re.compile(r"^(?:然后|接着|之后|再|最后|首先|先)")
# A Chinese action opens with what is done: "查看所有分支", "创建并切换到 dev 分支".
_ZH_VERB = re.compile(
    r"(?:查看|创建|新建|删除|安装|卸载|启动|停止|重启|切换|列出|显示|添加|修改|设置|克隆|提交|推送|拉取|合并|运行|构建|编译|导出|导入|"
    r"更新|升级|登录|下载|上传|初始化|连接|开启|关闭|检查|测试|清理|清除|复制|移动|重命名|撤销|回退|暂存|查询|打包|部署|挂载|生成|"
    r"取消|恢复|还原|比较|搜索|查找|统计|监控|杀死|结束|进入|退出|打开)"
)
MAX_ZH_ACTION = 24
# Lead-ins that announce without naming an action.
_ANNOUNCE = re.compile(
    r"示例|例子|例如|比如|举例|输出|结果|代码|如下所示|效果|内容|格式|用法|语法|配置|文件|example|e\.g|output|result|"
    r"syntax|usage|looks?\s+like|following$",
    re.I,
)


def add_command(found: Found, block: Block, lead: str) -> bool:
    """The card of ``lead`` (the sentence right above the code block ``block``) and its command, if both fit."""
    lines = _commands([line for line in block.text.strip().split("\n") if line.strip()])
    info = block.info.strip().split(" ")[0].lower() if block.info else ""
    if not lines or len(lines) > MAX_COMMAND_LINES or info not in _SHELL:
        return False
    if any(len(line) > MAX_COMMAND_CHARS for line in lines):
        return False
    action = _action(lead.strip().rstrip("：:").strip())
    if not action or len(action) > MAX_ACTION_CHARS or _ANNOUNCE.search(action):
        return False
    return found.term("definition", action, "", block.headings, block.line, action, "\n".join(lines))


_PROMPT = re.compile(r"^\s*(?:\$|➜\s+\S+|>>>)\s+")


def _commands(lines: list[str]) -> list[str]:
    """``$ git log`` then what it prints: the commands alone, without their prompts."""
    prompted = [line for line in lines if _PROMPT.match(line)]
    return [_PROMPT.sub("", line, count=1) for line in prompted] if prompted else lines


def _action(lead: str) -> str:
    if lead.isascii():
        for pattern in _EN_ACTION:
            match = pattern.match(lead)
            if match:
                return match.group("act").strip()
        return ""
    if re.search(r"[。；;！!？?，,]", lead):
        return ""  # a lead-in of several clauses says more than what the command does
    action = _ZH_TAIL.sub("", _ZH_POINTER.sub("", _ZH_THEN.sub("", lead))).strip()
    return action if _ZH_VERB.match(action) and len(action) <= MAX_ZH_ACTION else ""
