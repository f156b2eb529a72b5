"""C2, U1, E2: "Add image" on the session form, and the authorised `/images/<id>` route."""

from __future__ import annotations

import io
from pathlib import Path

from nicegui import ui
from nicegui.testing import User
from PIL import Image

from tests.ui.conftest import press_header
from tests.ui.test_session_form_support import PATIENCE, should_see_beside, sign_in

IMAGES = Path(__file__).resolve().parents[1] / 'data' / 'images'
NOT_AN_IMAGE = 'This file is not a picture we can read. Please choose a JPEG, PNG, WebP or GIF image.'


async def upload(user: User, name: str, data: bytes, content_type: str = 'image/jpeg') -> None:
    """What the browser does after "Choose from library": hand the chosen file to the hidden uploader."""
    uploader = user.find(marker='choose-from-library-upload').elements.pop()
    assert isinstance(uploader, ui.upload)
    await uploader.handle_uploads([ui.upload.SmallFileUpload(name, content_type, data)])


async def open_form(user: User, email: str = 'manager@demo.test') -> None:
    await sign_in(user, email)
    await user.open('/sessions/new')
    await user.should_see('Add image')


def shown_image_url(user: User) -> str:
    with user.scope(marker='field-image'):
        image = user.find(kind=ui.image).elements.pop()
    assert isinstance(image, ui.image)
    return str(image.source)


async def test_c2_add_image_offers_take_photo_and_choose_from_library(user: User) -> None:
    await open_form(user)
    with user.scope(marker='field-image'):
        await user.should_see('Take Photo')
        await user.should_see('Choose from library')
        await user.should_see('No image yet')
        await user.should_see('Select an image that is relevant to the session topic.')
        await user.should_not_see('Remove current photo')


async def test_c2_an_uploaded_photo_is_shown_and_served_upright_without_metadata(user: User) -> None:
    await open_form(user)
    await upload(user, 'exif_gps.jpg', (IMAGES / 'exif_gps.jpg').read_bytes())
    await user.should_see(kind=ui.image, retries=PATIENCE)
    with user.scope(marker='field-image'):
        await user.should_not_see('No image yet')
        await user.should_see('Remove current photo')
    url = shown_image_url(user)
    response = await user.http_client.get(url)
    assert response.status_code == 200
    assert response.headers['content-type'] == 'image/jpeg'
    assert response.headers['cache-control'] == 'private, max-age=3600'
    assert response.headers['x-content-type-options'] == 'nosniff'
    stored = Image.open(io.BytesIO(response.content))
    assert not stored.getexif()
    thumbnail = await user.http_client.get(f'{url}?thumbnail=1')
    assert thumbnail.status_code == 200
    assert max(Image.open(io.BytesIO(thumbnail.content)).size) <= 400


async def test_c2_e2_a_text_file_named_jpg_is_refused_beside_the_image(user: User) -> None:
    await open_form(user)
    await upload(user, 'notes.jpg', b'these are my meeting notes, not a picture\n')
    await should_see_beside(user, 'image', NOT_AN_IMAGE)
    with user.scope(marker='field-image'):
        await user.should_see('No image yet')


async def test_c2_e2_a_file_over_10_mb_is_refused_before_it_is_read(user: User) -> None:
    await open_form(user)
    await upload(user, 'huge.jpg', b'\xff' * (10 * 1024 * 1024 + 1))
    await should_see_beside(user, 'image', 'The image is larger than 10 MB.')


async def test_c2_e2_a_decompression_bomb_is_refused(user: User) -> None:
    await open_form(user)
    await upload(user, 'bomb.gif', (IMAGES / 'decompression_bomb.gif').read_bytes(), 'image/gif')
    await should_see_beside(user, 'image', 'The image has too many pixels')


async def test_u1_remove_current_photo_takes_the_image_away(user: User) -> None:
    await open_form(user)
    await upload(user, 'hopper.jpg', (IMAGES / 'hopper.jpg').read_bytes())
    with user.scope(marker='field-image'):
        await user.should_see('Remove current photo', retries=PATIENCE)
        user.find(marker='remove-photo').click()
        await user.should_see('No image yet')


async def test_c2_an_image_is_not_served_to_someone_who_may_not_see_it(user: User) -> None:
    await open_form(user)
    await upload(user, 'hopper.jpg', (IMAGES / 'hopper.jpg').read_bytes())
    await user.should_see(kind=ui.image, retries=PATIENCE)
    url = shown_image_url(user)
    await user.open('/')
    press_header(user, 'Sign out')
    await user.should_see('Sign in', retries=PATIENCE)
    await sign_in(user, 'mentee1@demo.test')
    refused = await user.http_client.get(url)
    assert refused.status_code == 404
    assert refused.content == b''
    assert (await user.http_client.get('/images/not-an-id')).status_code == 404
