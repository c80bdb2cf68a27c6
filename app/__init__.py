"""Harbour: offline-first intake for reception centres receiving children."""

from functools import cache


@cache
def _version() -> str:
    """The version pyproject.toml states, from the installed package's metadata (the
    installer bundle carries that metadata too: build_installer.spec)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("harbour")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Looked up when asked for (``from app import __version__``), not at every start.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'app' has no attribute {name!r}")
