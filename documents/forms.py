from django import forms
from django.utils.translation import gettext_lazy as _

from accompaniment import perms as accompaniment_perms
from documents.enums import DocumentKind
from documents.models import Document
from missionlocale.forms import DateInput


class DocumentForm(forms.ModelForm):
    """Add a document to a file. The checks on the bytes, the name and the size are the service's
    (``documents.services.document_upload``); this form reads the fields and offers the file's own matchings and
    programmes."""

    file = forms.FileField(
        label=_("Document file"),
        help_text=_("PDF, JPEG, PNG, DOCX or ODT."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.odt"}),
    )

    class Meta:
        model = Document
        fields = ["kind", "dated_on", "expires_on", "matching", "local_project"]
        widgets = {"dated_on": DateInput(), "expires_on": DateInput()}
        help_texts = {
            "matching": _("A CV sent to an employer: its employer relations officer will be able to download it."),
            "local_project": _("A document of a confidential programme shows only to whom sees that programme."),
        }

    def __init__(self, *args, job_seeker, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matching"].queryset = job_seeker.matchings.select_related("employer", "offer").order_by(
            "-proposed_on", "-pk"
        )
        self.fields["matching"].label_from_instance = lambda matching: (
            f"{matching.employer} — {matching.offer.title if matching.offer else _('Spontaneous application')} "
            f"({matching.proposed_on:%d/%m/%Y})"
        )
        see_confidential = accompaniment_perms.can_see_confidential_projects(user, job_seeker)
        projects = job_seeker.local_projects.order_by("name")
        self.fields["local_project"].queryset = projects if see_confidential else projects.filter(confidential=False)
        self.fields["kind"].initial = DocumentKind.CV

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("matching") and cleaned.get("kind") != DocumentKind.CV:
            self.add_error("matching", _("Only a CV is attached to a matching."))
        dated_on, expires_on = cleaned.get("dated_on"), cleaned.get("expires_on")
        if dated_on and expires_on and expires_on < dated_on:
            self.add_error("expires_on", _("The expiry date comes after the document's date."))
        return cleaned

    def _post_clean(self):
        # The model is validated by the service, with its stored name and type, once the bytes are checked.
        pass
