from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

# Languages a browser's preferences may pick; English is there for whoever chooses it.
_BROWSER_LANGUAGES = ("fr", "nl")


def _language_for(request) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in dict(settings.LANGUAGES):
        return chosen
    for tag, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = tag.split("-", 1)[0].lower()
        if primary in _BROWSER_LANGUAGES:
            return primary
    return settings.LANGUAGE_CODE


class LocaleMiddleware(DjangoLocaleMiddleware):
    """French first: the user's explicit choice, else French or Dutch from the browser, else French.

    A Brussels browser set to English would otherwise show the product in English to staff who work
    in French; English remains one click away in the language switcher.
    """

    def process_request(self, request):
        language = _language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
