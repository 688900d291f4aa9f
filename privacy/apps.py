from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data across the domain apps: the data subject's rights, retention and the access log.

    It sits above accompaniment, workshops and employers and reads the classification each of their
    person-related models declares (``PERSONAL_DATA``); none of them imports it.
    """

    name = "privacy"
    verbose_name = _("Personal data")
