"""C2: check an uploaded picture, turn it upright, strip its metadata and shrink it.

`process_image` is a pure module-level function so that it can run in `nicegui.run.cpu_bound`; the port's adapter,
`persistence/image_processor.py`, calls it there.
"""

from __future__ import annotations

import io
import warnings
from concurrent.futures import ThreadPoolExecutor

from PIL import Image, ImageOps, UnidentifiedImageError

from domain.errors import ImageRejected
from domain.ports import ProcessedImage
from domain.rules import IMAGE_UPLOAD_MAX_BYTES
from persistence.image_processor import TOO_BIG

MAX_UPLOAD_BYTES = IMAGE_UPLOAD_MAX_BYTES
MAX_SIDE = 1600  # longest side of the stored picture
THUMBNAIL_SIDE = 400  # longest side of the tile picture
MAX_PIXELS = 40_000_000  # width × height to decode (a JPEG's at its draft scale), checked before decoding
MAX_ANIMATION_PIXELS = 10 * MAX_PIXELS  # width × height × frames
FORMATS = ('JPEG', 'PNG', 'WEBP', 'GIF')
JPEG_QUALITY = 85
# After libjpeg's own 1/2–1/8 scaling, what is left is a reduction below 2×: Pillow's BILINEAR (a triangle
# filter widened to the reduction, so it antialiases) is as faithful there as LANCZOS and twice as fast (P5).
RESAMPLING = Image.Resampling.BILINEAR
PARALLEL_PIXELS = 1_000_000  # results this big are resized by two threads

EMPTY = 'The file is empty.'
NOT_AN_IMAGE = 'This file is not a picture we can read. Please choose a JPEG, PNG, WebP or GIF image.'
DAMAGED = 'The image is damaged or incomplete and cannot be read. Please choose another one.'
TOO_MANY_PIXELS = f'The image has too many pixels (more than {MAX_PIXELS // 1_000_000} megapixels).'
ANIMATION_TOO_BIG = 'The animation is too large. Please choose a still picture.'


def process_image(data: bytes) -> ProcessedImage:
    """Return the stored JPEG and its thumbnail, or raise `ImageRejected` — never anything else."""
    if not data:
        raise ImageRejected(EMPTY)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImageRejected(TOO_BIG)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')  # Pillow's notes on odd EXIF and the like must not escape
            warnings.simplefilter('error', Image.DecompressionBombWarning)
            return _process(data)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(TOO_MANY_PIXELS) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(NOT_AN_IMAGE) from exc
    except Exception as exc:  # untrusted bytes: OSError, SyntaxError, ValueError, struct.error, EOFError …
        raise ImageRejected(DAMAGED) from exc


def _process(data: bytes) -> ProcessedImage:
    with Image.open(io.BytesIO(data), formats=FORMATS) as source:
        width, height = source.size
        if width < 1 or height < 1:
            raise ImageRejected(DAMAGED)
        # A JPEG is decoded by libjpeg at 1/2, 1/4 or 1/8 scale (draft mode), so a 50-megapixel phone photo
        # costs a few megapixels; bigger claims were refused by Pillow's own bomb check in `open`.
        source.draft(None, _fit(source.size, MAX_SIDE))
        if source.width * source.height > MAX_PIXELS:
            raise ImageRejected(TOO_MANY_PIXELS)
        if width * height * getattr(source, 'n_frames', 1) > MAX_ANIMATION_PIXELS:
            raise ImageRejected(ANIMATION_TOO_BIG)
        source.seek(0)  # animations: the first frame only
        source.load()
        ImageOps.exif_transpose(source, in_place=True)  # upright, at the reduced size
        picture = _flatten(source)
        # `resize` returns a new image (a copy if the size is right); dropping `info` leaves only pixels:
        # no EXIF, GPS, XMP, ICC profile or comment reaches the saved JPEG.
        full = _shrink(picture, _fit(picture.size, MAX_SIDE))
    full.info = {}
    tile = _shrink(full, _fit(full.size, THUMBNAIL_SIDE))
    return ProcessedImage(_jpeg(full), _jpeg(tile), 'image/jpeg', full.width, full.height)


def _fit(size: tuple[int, int], side: int) -> tuple[int, int]:
    """`size` scaled down (never up) so that its longest side is at most `side`."""
    width, height = size
    scale = min(1.0, side / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _shrink(picture: Image.Image, size: tuple[int, int]) -> Image.Image:
    """A new image: `picture` resized to `size`. Big ones are done in two halves at once, as Pillow lets go of
    the GIL while resampling; each half reads the rows beyond its edge, so the result is seamless (P5)."""
    width, height = size
    if size == picture.size or width * height < PARALLEL_PIXELS:
        return picture.resize(size, RESAMPLING, reducing_gap=2.0)
    scale = picture.height / height
    bands = [(0, height // 2), (height // 2, height)]

    def band(rows: tuple[int, int]) -> Image.Image:
        top, bottom = rows
        box = (0, top * scale, picture.width, bottom * scale)
        return picture.resize((width, bottom - top), RESAMPLING, box=box, reducing_gap=2.0)

    with ThreadPoolExecutor(len(bands)) as pool:
        halves = list(pool.map(band, bands))
    result = Image.new(picture.mode, size)
    for (top, _), half in zip(bands, halves, strict=True):
        result.paste(half, (0, top))
    return result


def _flatten(image: Image.Image) -> Image.Image:
    """RGB; transparent parts become white."""
    if image.has_transparency_data:
        rgba = image.convert('RGBA')
        return Image.alpha_composite(Image.new('RGBA', rgba.size, 'white'), rgba).convert('RGB')
    return image if image.mode == 'RGB' else image.convert('RGB')


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Baseline, not progressive: the same pixels and size, but progressive encoding takes twice as long (P5).
    image.save(out, 'JPEG', quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
