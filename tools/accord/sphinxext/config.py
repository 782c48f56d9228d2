"""Config values of the extension, and the one accessor for repository settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging

from accord import settings as repo_settings

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

_DEFAULT_PROJECT = "Project name not set"


def setup_config(app: Sphinx) -> None:
    # [tool.accord] as a plain dict, so that the pickled environment stays portable.
    app.add_config_value("accord", {}, "env", types=frozenset({dict}))
    # The release tag of an official edition; empty for the working draft.
    app.add_config_value("accord_edition", "", "env", types=frozenset({str}))
    # The date of the edition (ISO); empty for the working draft.
    app.add_config_value("accord_edition_date", "", "env", types=frozenset({str}))
    # Where the site's versions.json is, relative to this build's root: the working draft is
    # published at draft/, an edition at editions/<tag>/ (see accord.editions).
    app.add_config_value("accord_versions_url", "../versions.json", "html", types=frozenset({str}))
    app.connect("config-inited", load_settings, priority=100)


def load_settings(app: Sphinx, config: Config) -> None:
    """Read [tool.accord] from the repository root (the folder of conf.py)."""
    found, problems = repo_settings.load(Path(app.confdir))
    for problem in problems:
        logger.warning(
            f"{problem.code} {problem.message}",
            location=f"{Path(app.confdir) / problem.path}:{problem.line}",
            type="accord",
            subtype=problem.code,
        )
    config.accord = dataclasses.asdict(found)
    if config.project == _DEFAULT_PROJECT:
        config.project = found.title
    config.html_title = found.short_title or config.project


def get_settings(config: Config) -> repo_settings.Settings:
    """The repository settings of this build, read from the config value set at config-inited."""
    return repo_settings.Settings(**config.accord)


def today() -> dt.date:
    """The build's date: SOURCE_DATE_EPOCH when set, so that a rebuild gives the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()
