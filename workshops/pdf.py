"""PDF rendering with WeasyPrint, from templates under templates/workshops/pdf/."""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {"organisation_name": settings.ORGANISATION_NAME, **context}, request=request)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
