"""Going somewhere through the navigation bar, as a person does: the page's link, or the area's menu first when
the page is in a menu (templates/base.html)."""

import re


def nav_click(page, name: str) -> None:
    nav = page.get_by_role("navigation", name=re.compile("navigation", re.IGNORECASE))
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        menu = nav.locator("li.dropdown").filter(
            has=page.get_by_role("link", name=name, exact=True, include_hidden=True)
        )
        menu.get_by_role("button").click()
    link.click()
