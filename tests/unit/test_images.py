"""C2: uploaded pictures are checked, turned upright, stripped of metadata and shrunk (persistence/images.py).

The corpus in tests/data/images/ comes from Pillow's own tests (see LICENSE-images.md there).
"""

from __future__ import annotations

import contextlib
import io
import pickle
import struct
import subprocess
import sys
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageChops, ImageOps, ImageStat
from PIL import _imaging as pillow_core  # what Image.core is: Pillow's C side

from domain.errors import ImageRejected
from domain.ports import ProcessedImage
from persistence import images
from persistence.image_processor import TOO_BIG, PillowImageProcessor
from persistence.images import MAX_SIDE, MAX_UPLOAD_BYTES, THUMBNAIL_SIDE, process_image

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / 'tests' / 'data' / 'images'
ACCEPTED = [
    'hopper.jpg',
    'hopper.png',
    'hopper.webp',
    'hopper.gif',
    *(f'hopper_orientation_{n}.jpg' for n in (2, 3, 5, 6, 8)),
    'orientation_rectangle.jpg',
    'exif_gps.jpg',
    'invalid-exif.jpg',
]
# What a saved JPEG may say about itself: only its JFIF header (format version and pixel density).
HARMLESS_INFO = {'jfif', 'jfif_version', 'jfif_unit', 'jfif_density', 'dpi'}


def read(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference per channel, 0–255."""
    return sum(ImageStat.Stat(ImageChops.difference(a.convert('RGB'), b.convert('RGB'))).mean) / 3


def jpeg(image: Image.Image, **params: object) -> bytes:
    out = io.BytesIO()
    image.save(out, 'JPEG', **params)
    return out.getvalue()


def photo(width: int, height: int) -> Image.Image:
    """A picture with a gradient and a dark top-left block, so that every turn or flip of it looks different."""
    image = Image.linear_gradient('L').resize((width, height)).convert('RGB')
    image.paste((20, 40, 200), (0, 0, width // 4, height // 3))
    return image


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims a size in its header but holds almost no pixel data."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack('>I', len(body)) + kind + body + struct.pack('>I', zlib.crc32(kind + body))

    ihdr = struct.pack('>IIBBBBB', width, height, 8, 2, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(b'\0' * 64)) + chunk(b'IEND', b'')


def gif_with_frames(width: int, height: int, frames: int) -> bytes:
    """An animated GIF of `frames` one-pixel frames on a width × height screen: small file, huge animation."""
    pixel = b',' + struct.pack('<HHHHB', 0, 0, 1, 1, 0) + b'\x02\x02\x44\x01\x00'  # LZW: clear, 0, end
    return b'GIF89a' + struct.pack('<HHBBB', width, height, 0x80, 0, 0) + b'\0\0\0\xff\xff\xff' + pixel * frames + b';'


def assert_no_metadata(data: bytes) -> None:
    image = opened(data)
    assert image.format == 'JPEG'
    assert image.mode == 'RGB'
    assert not image.getexif()
    assert set(image.info) <= HARMLESS_INFO, set(image.info) - HARMLESS_INFO
    for marker in (b'Exif', b'http://ns.adobe.com/xap', b'ICC_PROFILE', b'Photoshop', b'\xff\xfe'):
        assert marker not in data, marker


# --- accepted pictures ----------------------------------------------------------------------------


@pytest.mark.parametrize('name', ['hopper.jpg', 'hopper.png', 'hopper.webp', 'hopper.gif'])
def test_c2_hopper_in_each_accepted_format_is_stored_as_jpeg(name: str) -> None:
    result = process_image(read(name))

    assert result.content_type == 'image/jpeg'
    assert (result.width, result.height) == (128, 128)  # small pictures are never scaled up
    full = opened(result.full)
    assert (full.format, full.mode, full.size) == ('JPEG', 'RGB', (128, 128))
    assert mean_difference(full, opened(read('hopper.jpg'))) < 8
    assert opened(result.thumbnail).size == (128, 128)


@pytest.mark.parametrize('orientation', [2, 3, 5, 6, 8])
def test_c2_exif_orientation_is_stored_upright(orientation: int) -> None:
    """Upright means: it matches the plain hopper, and it matches it far better than any other of the
    eight turns and flips of the stored picture does."""
    source = read(f'hopper_orientation_{orientation}.jpg')
    assert Image.open(io.BytesIO(source)).getexif()[ExifTags.Base.Orientation] == orientation

    stored = opened(process_image(source).full)

    plain = opened(read('hopper.jpg'))
    upright = mean_difference(stored, plain)
    others = [mean_difference(stored.transpose(method), plain) for method in Image.Transpose]
    assert upright < 8
    assert min(others) > 5 * upright


def test_c2_orientation_rectangle_two_by_one_is_stored_one_by_two() -> None:
    source = read('orientation_rectangle.jpg')
    assert Image.open(io.BytesIO(source)).size == (2, 1)

    result = process_image(source)

    assert (result.width, result.height) == (1, 2)
    assert opened(result.full).size == (1, 2)
    assert opened(result.thumbnail).size == (1, 2)


@pytest.mark.parametrize('name', ACCEPTED)
def test_c2_no_metadata_is_left_in_the_stored_picture_or_its_thumbnail(name: str) -> None:
    result = process_image(read(name))

    assert_no_metadata(result.full)
    assert_no_metadata(result.thumbnail)


def test_c2_gps_position_is_removed() -> None:
    source = read('exif_gps.jpg')
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    result = process_image(source)

    for data in (result.full, result.thumbnail):
        stored = opened(data)
        assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert 'exif' not in stored.info


def test_c2_malformed_exif_keeps_the_pixels_and_drops_the_exif() -> None:
    result = process_image(read('invalid-exif.jpg'))

    assert (result.width, result.height) == (200, 200)
    assert mean_difference(opened(result.full), opened(read('invalid-exif.jpg'))) < 8
    assert_no_metadata(result.full)


def test_c2_junk_before_the_jpeg_header_is_read_or_cleanly_refused() -> None:
    try:
        result = process_image(read('junk_jpeg_header.jpg'))
    except ImageRejected as refusal:
        assert refusal.message == images.DAMAGED
    else:
        assert (result.width, result.height) == (1024, 768)


def test_c2_large_photo_is_scaled_to_1600_with_a_400_thumbnail() -> None:
    result = process_image(jpeg(photo(4000, 3000), quality=80))

    assert (result.width, result.height) == (MAX_SIDE, 1200)
    assert opened(result.full).size == (1600, 1200)
    assert opened(result.thumbnail).size == (THUMBNAIL_SIDE, 300)


def test_c2_large_photo_with_orientation_6_is_scaled_and_upright() -> None:
    """The reduced-scale JPEG decoding and the turn work together: compare with Pillow's plain way."""
    original = photo(4000, 3000)
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    source = jpeg(original, quality=90, exif=exif)

    result = process_image(source)

    assert (result.width, result.height) == (1200, 1600)
    expected = ImageOps.exif_transpose(opened(source)).resize((1200, 1600), Image.Resampling.LANCZOS)
    stored = opened(result.full)
    assert mean_difference(stored, expected) < 3
    assert mean_difference(stored, expected.transpose(Image.Transpose.ROTATE_180)) > 30


@pytest.mark.parametrize('size', [(2000, 1500), (5000, 7000)])
def test_c2_resizing_in_two_bands_leaves_no_seam(size: tuple[int, int], monkeypatch: pytest.MonkeyPatch) -> None:
    picture = photo(*size)
    target = images._fit(size, MAX_SIDE)
    monkeypatch.setattr(images, 'PARALLEL_PIXELS', 10**12)
    whole = images._shrink(picture, target)
    monkeypatch.setattr(images, 'PARALLEL_PIXELS', 1)
    banded = images._shrink(picture, target)

    assert banded.size == whole.size == target
    assert mean_difference(banded, whole) < 0.1
    assert max(high for _, high in ImageStat.Stat(ImageChops.difference(banded, whole)).extrema) <= 8


def test_c2_transparency_becomes_white() -> None:
    out = io.BytesIO()
    Image.new('RGBA', (40, 30), (255, 0, 0, 0)).save(out, 'PNG')

    stored = opened(process_image(out.getvalue()).full)

    assert stored.mode == 'RGB'
    assert stored.getpixel((20, 15)) == (255, 255, 255)


@pytest.mark.parametrize('mode', ['L', 'LA', 'P', '1', 'I;16'])
def test_c2_png_in_other_colour_modes_is_stored_as_rgb(mode: str) -> None:
    out = io.BytesIO()
    Image.new(mode, (30, 20)).save(out, 'PNG')

    result = process_image(out.getvalue())

    assert opened(result.full).mode == 'RGB'


def test_c2_cmyk_jpeg_is_stored_as_rgb() -> None:
    result = process_image(jpeg(Image.new('CMYK', (30, 20), (0, 255, 255, 0))))

    stored = opened(result.full)
    assert stored.mode == 'RGB'
    red, green, blue = stored.getpixel((15, 10))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60


def test_c2_animation_keeps_only_its_first_frame() -> None:
    frames = [Image.new('RGB', (32, 32), colour) for colour in ('red', 'lime', 'blue')]
    out = io.BytesIO()
    frames[0].save(out, 'GIF', save_all=True, append_images=frames[1:], duration=100)

    stored = opened(process_image(out.getvalue()).full)

    red, green, blue = stored.getpixel((16, 16))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60


def test_c2_a_file_of_exactly_10_mb_is_accepted() -> None:
    data = read('hopper.jpg')
    data += bytes(MAX_UPLOAD_BYTES - len(data))

    assert process_image(data).width == 128


def test_c2_result_and_refusal_can_cross_a_process_boundary() -> None:
    """`run.cpu_bound` pickles both ways."""
    result = process_image(read('hopper.png'))
    assert pickle.loads(pickle.dumps(result)) == result  # noqa: S301 (our own objects)
    assert pickle.loads(pickle.dumps(process_image)) is process_image  # noqa: S301
    processor = pickle.loads(pickle.dumps(PillowImageProcessor()))  # noqa: S301
    assert processor.process(read('hopper.png')) == result

    refusal = pickle.loads(pickle.dumps(ImageRejected(images.EMPTY)))  # noqa: S301
    assert (refusal.message, refusal.field) == (images.EMPTY, 'image')


# --- refused files --------------------------------------------------------------------------------

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


@pytest.mark.parametrize(
    ('data', 'message'),
    [
        pytest.param(b'', images.EMPTY, id='empty'),
        pytest.param(b'Hello, this is a text file renamed to .jpg\n', images.NOT_AN_IMAGE, id='text'),
        pytest.param(SVG, images.NOT_AN_IMAGE, id='svg'),
        pytest.param(read('broken.png'), images.NOT_AN_IMAGE, id='broken.png'),
        pytest.param(read('truncated_jpeg.jpg'), images.DAMAGED, id='truncated_jpeg.jpg'),
        pytest.param(read('decompression_bomb.gif'), images.TOO_MANY_PIXELS, id='decompression_bomb.gif'),
        pytest.param(png_header(7000, 7000), images.TOO_MANY_PIXELS, id='49-megapixel-png-header'),
        pytest.param(png_header(10_000, 10_000), images.TOO_MANY_PIXELS, id='pillow-bomb-warning-zone'),
        pytest.param(gif_with_frames(2000, 2000, 101), images.ANIMATION_TOO_BIG, id='404-megapixel-animation'),
        pytest.param(b'\xff\xd8\xff\xe0' + bytes(11 * 1024 * 1024), TOO_BIG, id='11-mb'),
    ],
)
def test_c2_refused_with_a_clear_message(data: bytes, message: str) -> None:
    limit = Image.MAX_IMAGE_PIXELS

    with pytest.raises(ImageRejected) as refusal:
        process_image(data)

    assert refusal.value.message == message
    assert refusal.value.field == 'image'
    assert limit == Image.MAX_IMAGE_PIXELS  # Pillow's global limit is left alone


@pytest.mark.parametrize(
    ('data', 'cause'),
    [
        (read('decompression_bomb.gif'), Image.DecompressionBombError),  # over twice Pillow's limit
        (png_header(10_000, 10_000), Image.DecompressionBombWarning),  # over Pillow's limit: a warning
        (png_header(7000, 7000), None),  # under Pillow's limit, over ours
    ],
    ids=['pillow-error', 'pillow-warning', 'own-limit'],
)
def test_c2_each_bomb_check_turns_into_a_refusal(data: bytes, cause: type[Exception] | None) -> None:
    with pytest.raises(ImageRejected) as refusal:
        process_image(data)

    assert refusal.value.message == images.TOO_MANY_PIXELS
    assert type(refusal.value.__cause__) is cause if cause else refusal.value.__cause__ is None


def test_c2_size_messages_read_well() -> None:
    assert TOO_BIG == 'The image is larger than 10 MB.'
    assert images.TOO_MANY_PIXELS == 'The image has too many pixels (more than 40 megapixels).'


def test_c2_other_formats_are_refused() -> None:
    for fmt in ('BMP', 'TIFF', 'PPM'):
        out = io.BytesIO()
        Image.new('RGB', (8, 8)).save(out, fmt)
        with pytest.raises(ImageRejected, match='JPEG, PNG, WebP or GIF'):
            process_image(out.getvalue())


@pytest.mark.parametrize('data', [read('decompression_bomb.gif'), png_header(7000, 7000)], ids=['gif', 'png'])
def test_c2_bomb_is_refused_before_any_pixel_is_decoded(data: bytes) -> None:
    """tracemalloc sees Python's memory; Pillow's pixel buffers are C memory, so Pillow's own count of
    image buffers it made shows that none was made."""
    buffers = pillow_core.get_stats()['new_count']
    tracemalloc.start()
    try:
        with pytest.raises(ImageRejected):
            process_image(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 10 * 1024 * 1024
    assert pillow_core.get_stats()['new_count'] == buffers


def test_c2_no_warning_escapes() -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for name in [*ACCEPTED, 'junk_jpeg_header.jpg', 'decompression_bomb.gif', 'truncated_jpeg.jpg']:
            with contextlib.suppress(ImageRejected):
                process_image(read(name))
        with pytest.raises(ImageRejected):
            process_image(png_header(10_000, 10_000))  # Pillow warns of a bomb for this size

    assert caught == []


# --- any bytes at all -----------------------------------------------------------------------------

HOPPER = read('hopper.jpg')


def outcome(data: bytes) -> None:
    try:
        result = process_image(data)
    except ImageRejected as refusal:
        assert refusal.message
    else:
        assert isinstance(result, ProcessedImage)
        assert 0 < max(result.width, result.height) <= MAX_SIDE


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_c2_any_bytes_give_a_picture_or_a_refusal(data: bytes) -> None:
    outcome(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(HOPPER) - 1), st.integers(0, 255)), min_size=1, max_size=12),
    st.integers(1, len(HOPPER)),
)
def test_c2_damaged_jpeg_gives_a_picture_or_a_refusal(changes: list[tuple[int, int]], length: int) -> None:
    data = bytearray(HOPPER)
    for position, value in changes:
        data[position] = value
    outcome(bytes(data[:length]))


# --- P5 benchmark still runs ----------------------------------------------------------------------


def test_p5_image_bench_runs_on_a_tiny_photo() -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / 'bench' / 'bench_images.py'), '--repeats', '1', '--size', '64x48'],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert run.returncode == 0, run.stderr
    assert 'time ratio' in run.stdout


def test_c2_the_image_processor_refuses_an_upload_too_big_to_read() -> None:
    processor = PillowImageProcessor()
    processor.check_size(MAX_UPLOAD_BYTES)
    with pytest.raises(ImageRejected, match=r'^The image is larger than 10 MB\.$'):
        processor.check_size(MAX_UPLOAD_BYTES + 1)
    assert processor.max_upload_bytes == MAX_UPLOAD_BYTES


# --- big phone photos (issue 22 item 10) -----------------------------------------------------------


def jpeg_header(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims another size: decoding it would need that many pixels."""
    data = bytearray(jpeg(Image.new('RGB', (16, 16), 'grey')))
    frame = data.index(b'\xff\xc0')
    data[frame + 5 : frame + 9] = struct.pack('>HH', height, width)
    return bytes(data)


def test_c2_a_50_megapixel_phone_photo_is_decoded_at_reduced_size_and_stored() -> None:
    data = jpeg(photo(8160, 6120), quality=70)
    assert len(data) < MAX_UPLOAD_BYTES
    buffers_before = pillow_core.get_stats()['new_count']

    stored = process_image(data)

    assert (stored.width, stored.height) == (1600, 1200)
    assert opened(stored.thumbnail).size == (400, 300)
    assert pillow_core.get_stats()['new_count'] - buffers_before < 20  # no full-size copies made on the way


@pytest.mark.parametrize('size', [(10_000, 10_000), (30_000, 30_000)], ids=['100-megapixels', '900-megapixels'])
def test_c2_a_jpeg_claiming_a_bomb_of_pixels_is_still_refused(size: tuple[int, int]) -> None:
    with pytest.raises(ImageRejected) as refusal:
        process_image(jpeg_header(*size))
    assert refusal.value.message == images.TOO_MANY_PIXELS
