"""The one writer of every CSV and XLSX the product produces, so that no cell can run as a formula.

Names and free text come from any staff member and from Actiris import files: a last name such as
``=HYPERLINK("http://…","…")`` would run in the spreadsheet of whoever opens the export. Each text cell that
starts with a character a spreadsheet reads as the start of a formula (``=``, ``+``, ``-``, ``@``, tab, carriage
return) is written with a leading single quote, OWASP's rule for CSV injection. Numbers given as numbers (a
negative count included) stay numbers; dates stay dates; everything else is written as text.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Written as they are: a spreadsheet reads them as values, never as formulas.
PLAIN_TYPES = (bool, int, float, Decimal, datetime.date)


def export_cell(value):
    """The value of one cell as written: text that would start a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, PLAIN_TYPES):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_response(*, fmt: str, filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    """One table as a download (``filename`` without its extension), CSV or XLSX.

    The CSV has a BOM and semicolons so that Excel in Belgium opens it as is; the XLSX has its header in bold and
    frozen. ``rows`` may be a generator: it is read once.
    """
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([export_cell(value) for value in header])
        for row in rows:
            writer.writerow([export_cell(value) for value in row])
        # Excel opens UTF-8 with accents correctly only with a BOM.
        response.write("\ufeff" + buffer.getvalue())
        return response
    workbook = Workbook()
    _fill_sheet(workbook.active, title=filename, header=header, rows=rows)
    workbook.save(response)
    return response


def workbook_response(*, filename: str, sheets: Sequence[tuple[str, Sequence, Iterable[Sequence]]]) -> HttpResponse:
    """Several tables as one XLSX download, one named sheet each: ``sheets`` is (title, header, rows), the title
    cut to Excel's 31 characters. Each sheet is written as ``table_response`` writes its one."""
    response = HttpResponse(content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        _fill_sheet(workbook.create_sheet(), title=title, header=header, rows=rows)
    workbook.save(response)
    return response


def sheet_title(title: str) -> str:
    """A sheet's name as Excel accepts it: at most 31 characters, none of []:*?/\\."""
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:31]


def _fill_sheet(sheet, *, title: str, header: Sequence, rows: Iterable[Sequence]) -> None:
    sheet.title = sheet_title(str(title))
    sheet.append([export_cell(value) for value in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([export_cell(value) for value in row])
    # openpyxl stores any text starting with "=" as a formula; the quote above already prevents it, and text cells
    # are set as text here too, so that no later change of the rule can bring a formula back.
    for sheet_row in sheet.iter_rows():
        for cell in sheet_row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING
    sheet.freeze_panes = "A2"
