"""The MkDocs side of the Annotate form (builder/render/assets/annotate.js): its script on every page, and
the site's repository told to it through the header's repository link, safely.

Material shows `repo_url` as a link in the header whose script fetches the repository's stars and forks
from api.github.com: a request to another origin, which this site never makes. The theme override in
builder/render/theme/ (Material's own partial without that component) keeps the link, drops the request,
and carries `repo_url` and `edit_uri` as data attributes, where the form finds them. A `custom_dir` of the
site's own comes first, as MkDocs orders theme folders.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from builder.publish.assets import SCRIPTS

THEME = Path(__file__).parent.parent / "render" / "theme"


def configure(config: MkDocsConfig) -> None:
    """Called from the plugin's `on_config`."""
    for script in SCRIPTS:
        if script not in [str(getattr(item, "path", item)) for item in config.extra_javascript]:
            config.extra_javascript.append(script)
    dirs = config.theme.dirs
    if str(THEME) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME))
