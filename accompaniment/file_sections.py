"""Sections that the apps above this one add to the file page (the documents…), through FILE_PAGE_SECTIONS.

A registry, like the timeline's ``TIMELINE_PROVIDERS``: the file page belongs to this core app and may not import
the apps above it. Each provider is a function ``(*, request, job_seeker) -> dict | None``, registered in its app's
``AppConfig.ready()``; the dict holds the ``template`` of the section (included in the file page with the page's
context and the dict as ``section``) and what it shows, fetched through that app's own permission rules. A provider
answers None to show nothing.
"""

from collections.abc import Callable

FILE_PAGE_SECTIONS: list[Callable] = []


def file_page_sections(*, request, job_seeker) -> list[dict]:
    sections = []
    for provider in FILE_PAGE_SECTIONS:
        section = provider(request=request, job_seeker=job_seeker)
        if section is not None:
            sections.append(section)
    return sections
