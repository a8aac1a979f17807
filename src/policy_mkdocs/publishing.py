"""A build goes to a folder beside site_dir, which replaces site_dir only when every language
built without an error (or, under --strict, a warning): MkDocs would otherwise empty site_dir
first and leave half a site behind."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from pathlib import Path

import mkdocs
from mkdocs.config.defaults import MkDocsConfig


class _Warnings(logging.Handler):
    """Counts what `--strict` counts (MkDocs's warnings), to know before MkDocs does whether the
    build it is finishing will be refused."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class BuildBeside:
    def __init__(self) -> None:
        self.building: Path | None = None
        self.target: Path | None = None
        self.warnings = _Warnings()

    def start(self, config: MkDocsConfig) -> None:
        """Send this build (every language) to a new folder beside site_dir (on the same disk, so
        that moving it into place is a rename)."""
        self.discard()
        self.target = Path(config.site_dir).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.building = Path(tempfile.mkdtemp(dir=self.target.parent, prefix=f".{self.target.name}.building-"))
        atexit.register(shutil.rmtree, self.building, True)
        config.site_dir = str(self.building)
        self.warnings.count = 0
        # The generator's own logger ("properdocs" under ProperDocs, which aliases mkdocs.*; the
        # plugins' "mkdocs.*" loggers are its children), whose warnings --strict counts.
        mkdocs_log = logging.getLogger(mkdocs.__name__)
        if self.warnings not in mkdocs_log.handlers:
            mkdocs_log.addHandler(self.warnings)

    def discard(self) -> None:
        if self.building is not None:
            shutil.rmtree(self.building, ignore_errors=True)
            self.building = None

    def publish(self, config: MkDocsConfig) -> None:
        """Every language is built: unless --strict is about to refuse the build, the new site
        replaces the old one."""
        if self.building is None or self.target is None:
            return
        if config.strict and self.warnings.count:
            self.discard()  # MkDocs refuses the build next: the old site stays
            return
        old = self.target.parent / f".{self.target.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        if self.target.exists() or self.target.is_symlink():
            os.replace(self.target, old)
        os.replace(self.building, self.target)
        self.building = None
        shutil.rmtree(old, ignore_errors=True)
