"""Small fixes to the HTML Material writes, where an override would have to copy a template.

Material's search dialog (partials/search.html) has role="dialog" and no accessible name, which
Lighthouse reports (aria-dialog-name). Overriding the partial means copying all of it, so this hook
names the dialog in the written page instead. Without the hook (tests/bench variants) pages still
build; the dialog is only unnamed. tests/browser/test_accessibility.py checks the name.
"""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_DIALOG = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def name_search_dialog(html: str) -> str:
    return html.replace(SEARCH_DIALOG, NAMED_DIALOG, 1)


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 (MkDocs hook signature)
    return name_search_dialog(output)


def on_post_template(output_content: str, template_name: str, config) -> str:  # noqa: ANN001
    # 404.html is a theme template, not a page.
    return name_search_dialog(output_content) if template_name.endswith(".html") else output_content
