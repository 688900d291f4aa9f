"""The images the director uploads for the annual report (the logo, the funders' logos, a section's photos).

An image is told by its content, never by its name: PNG or JPEG as Pillow reads them, within a size and a number
of pixels a side; SVG (which may carry scripts and fetch from elsewhere) and anything else are refused. What is
stored is the image re-encoded by Pillow, so no metadata (a photo's GPS position, its camera) and nothing hidden
after the image goes into the PDF. The bytes are kept in the media storage under a random name and are never
served by URL: the PDF and the pages embed them as data: URIs.
"""

import base64
import io
import logging
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps

logger = logging.getLogger(__name__)

IMAGES_DIR = "identity"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def images_storage():
    """The media storage (``STORAGES["default"]``): MEDIA_ROOT, which no URL serves."""
    return storages["default"]


def image_check(*, upload, field: str = "logo") -> tuple[bytes, str]:
    """The upload re-encoded and its extension ("png" or "jpg"), or a ValidationError on ``field`` saying why it
    is refused: empty, too large, not a PNG or JPEG image by its content, damaged, or too many pixels a side."""
    limit = settings.REPORT_IMAGE_MAX_BYTES
    side = settings.REPORT_IMAGE_MAX_SIDE
    if not upload.size:
        raise ValidationError({field: _("The file is empty.")}, code="empty")
    if upload.size > limit:
        raise ValidationError(
            {
                field: _("The image is too large (%(size)s): at most %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    not_an_image = ValidationError(
        {field: _("This file is not a PNG or JPEG image (its content was checked, not its name; SVG is refused).")},
        code="type",
    )
    if not (head.startswith(PNG_MAGIC) or head.startswith(JPEG_MAGIC)):
        raise not_an_image
    # WeasyPrint, once imported, lets Pillow load truncated images for the whole process: an upload is checked
    # whole, so the check turns that off while it reads (the PDFs only ever embed images re-encoded here).
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in ("PNG", "JPEG"):
                    raise not_an_image
                width, height = image.size
                if width > side or height > side:
                    raise ValidationError(
                        {
                            field: _(
                                "The image is too big (%(width)s × %(height)s pixels): at most %(side)s pixels a side."
                            )
                            % {"width": width, "height": height, "side": side}
                        },
                        code="dimensions",
                    )
                image.load()
                return _reencoded(image)
    except ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            {field: _("This image is damaged or incomplete: it could not be read.")}, code="damaged"
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
        upload.seek(0)


def _reencoded(image: Image.Image) -> tuple[bytes, str]:
    buffer = io.BytesIO()
    if image.format == "JPEG":
        # A photo's rotation lives in its metadata, which is dropped: turn the pixels instead.
        upright = ImageOps.exif_transpose(image)
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(buffer, format="JPEG", quality=90)
        return buffer.getvalue(), "jpg"
    if image.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
        image = image.convert("RGBA")
    image.save(buffer, format="PNG")
    return buffer.getvalue(), "png"


def image_store(*, content: bytes, extension: str, folder: str = IMAGES_DIR) -> str:
    """Store checked bytes under a random name; returns the stored name."""
    random_name = uuid.uuid4().hex
    return images_storage().save(f"{folder}/{random_name}.{extension}", ContentFile(content))


def image_delete(name: str) -> None:
    if name:
        images_storage().delete(name)


def image_data_uri(name: str) -> str | None:
    """The stored image as a data: URI for an <img> of the PDF or of a page, or None without one (or when its
    file went missing: the report then prints without it rather than failing)."""
    if not name:
        return None
    extension = name.rpartition(".")[2]
    try:
        with images_storage().open(name, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        logger.warning("An identity image is missing from the media storage: %s", name)
        return None
    return f"data:{MEDIA_TYPES.get(extension, 'image/png')};base64,{base64.b64encode(content).decode()}"
