"""What every written page gets from the theme side: a Content-Security-Policy, and a name for
Material's search dialog.

The policy (evidence/csp.py) allows only the site's own scripts and the theme's inline scripts,
by their hashes computed from the finished page, so no script a page's content could carry
runs. Material's search dialog (partials/search.html) has role="dialog" and no accessible name,
which Lighthouse reports (aria-dialog-name); overriding the partial means copying all of it, so
the dialog is named in the written page instead. tests/browser/ checks both.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from evidence.csp import add_csp_meta

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def finish(html: str) -> str:
    return add_csp_meta(html.replace(SEARCH_DIALOG, NAMED_DIALOG, 1))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return finish(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    # 404.html is a theme template, not a page; sitemap.xml and the like are not HTML.
    return finish(output_content) if template_name.endswith(".html") else output_content


__all__ = ["on_post_page", "on_post_template"]
