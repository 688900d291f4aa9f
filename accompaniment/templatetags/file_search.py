"""The header's search box (templates/includes/header_search.html) shows only to staff who may read files."""

from django import template

from accompaniment import perms

register = template.Library()


@register.filter
def may_search_files(user) -> bool:
    return bool(user and user.is_authenticated and perms.can_read_files(user))
