from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        # The file page and the one policy of protected data live in accompaniment, which may not import this app
        # (it sits above employers): this app hands them its section of the file page and the rule of its
        # protected field through their registries, as workshops and employers hand the timeline their entries.
        from accompaniment.file_sections import FILE_PAGE_SECTIONS
        from accompaniment.policy import RULES
        from documents.models import Document
        from documents.perms import can_download
        from documents.sections import documents_section

        RULES[(Document, "stored_name")] = can_download
        if documents_section not in FILE_PAGE_SECTIONS:
            FILE_PAGE_SECTIONS.append(documents_section)
