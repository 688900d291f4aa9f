"""Images drawn with Pillow for the identity tests, and uploads of them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def image_bytes(width: int = 120, height: int = 60, colour: str = "#c0392b", fmt: str = "PNG") -> bytes:
    image = Image.new("RGB", (width, height), "white")
    ImageDraw.Draw(image).rectangle([4, 4, width - 5, height - 5], fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def upload(content: bytes | None = None, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, image_bytes() if content is None else content, content_type=content_type)


class ReusableImage:
    """A PNG the test client reads again at each post (a SimpleUploadedFile is read once)."""

    name = "logo.png"
    content_type = "image/png"

    def read(self, *args) -> bytes:
        return image_bytes()
