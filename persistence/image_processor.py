"""C2: the ImageProcessor port. Its work is Pillow's (`persistence/images.py`) and runs in `run.cpu_bound` workers,
which import Pillow when they check the first picture: the app's start does not (P7, 15–20 ms of every start)."""

from __future__ import annotations

from domain.errors import ImageRejected
from domain.ports import ProcessedImage
from domain.rules import IMAGE_UPLOAD_MAX_BYTES

TOO_BIG = 'The image is larger than 10 MB.'


class PillowImageProcessor:
    """The ImageProcessor port (C2) with Pillow. Holds no state, so it pickles for `run.cpu_bound`."""

    max_upload_bytes = IMAGE_UPLOAD_MAX_BYTES

    def check_size(self, size: int) -> None:
        if size > self.max_upload_bytes:
            raise ImageRejected(TOO_BIG)

    def process(self, data: bytes) -> ProcessedImage:
        from persistence.images import process_image  # Pillow, in the worker (see above)

        return process_image(data)
