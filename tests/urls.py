"""Every URL of the project, generated from the URLconf, for the tests that must cover them all."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Sample values for path converters, so that every pattern can be requested.
_SAMPLES = {"int": "1", "str": "sample", "slug": "sample", "uuid": "00000000-0000-0000-0000-000000000000"}


def _sample_path(route: str) -> str:
    route = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _SAMPLES.get(m.group(1) or "str", "1"), route)
    # Regex routes (the admin's): keep the literal parts.
    route = route.lstrip("^").rstrip("$").replace("\\", "")
    route = re.sub(r"\((?:\?P<\w+>)?[^)]*\)", "1", route)
    return route


def all_urls(resolver: URLResolver | None = None, prefix: str = "/", name_prefix: str = ""):
    """Yield (name, sample path) for every URL pattern, namespaced names included."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = _sample_path(str(entry.pattern))
        if isinstance(entry, URLResolver):
            namespace = f"{name_prefix}{entry.namespace}:" if entry.namespace else name_prefix
            yield from all_urls(entry, prefix + route, namespace)
        elif isinstance(entry, URLPattern):
            if entry.name:  # unnamed patterns are catch-alls of the admin
                yield f"{name_prefix}{entry.name}", prefix + route
