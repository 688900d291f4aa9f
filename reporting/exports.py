"""CSV and XLSX exports of the dashboard: the indicator table and the lists behind the figures."""

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(*, fmt: str, filename: str, header: list[str], rows: list[list]) -> HttpResponse:
    """One table as a download; CSV with a BOM and semicolons so that Excel in Belgium opens it as is."""
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
        response.write("\ufeff" + buffer.getvalue())
        return response
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = filename[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    workbook.save(response)
    return response
