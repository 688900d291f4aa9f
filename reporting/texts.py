"""The director's texts in the annual report: a safe Markdown subset rendered to sanitised HTML.

The subset is bold, italics, lists, sub-headings and links (markdown-it-py, CommonMark). Raw HTML is not
parsed, images and code are not part of the subset, and nh3 keeps only the tags the subset produces: what the
director types can never put a script, a style or an image from elsewhere into the PDF or the preview.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_PARSER = MarkdownIt("commonmark", {"html": False}).disable(
    ["image", "code", "fence", "backticks", "html_block", "html_inline", "blockquote", "hr", "reference"]
)


def markdown_to_html(text: str) -> SafeString:
    """The text as sanitised HTML. The director's headings sit under the report's own (its sections are h2):
    "#" and "##" become h3, deeper ones h4."""
    if not text.strip():
        return mark_safe("")
    tokens = _PARSER.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = "h3" if token.tag in ("h1", "h2") else "h4"
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    return mark_safe(  # noqa: S308 - nh3 keeps only the subset's tags
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer",
        )
    )
