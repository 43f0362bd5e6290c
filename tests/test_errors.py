"""One error family: every exception class flashforge defines derives from FlashforgeError."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import flashforge
from flashforge.errors import FlashforgeError


def test_every_exception_class_is_a_flashforge_error() -> None:
    defined = []
    for module_info in pkgutil.walk_packages(flashforge.__path__, "flashforge."):
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if value.__module__ == module.__name__ and issubclass(value, BaseException):
                defined.append(value)
    assert len(defined) >= 8  # the walk found the package's errors
    assert [error.__qualname__ for error in defined if not issubclass(error, FlashforgeError)] == []
