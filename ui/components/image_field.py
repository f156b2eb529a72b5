"""C2, U1: "Add image" with "Take Photo", "Choose from library" and "Remove current photo".

The two menu items open the file pickers of two hidden uploaders in the browser itself (a file picker
opens only in answer to the user's own click). The server checks the size before reading, lets Pillow
check and clean the picture in another process, then stores it; a refusal shows beside the image.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import events, run, ui
from nicegui.elements.upload_files import FileUpload

from domain.errors import DomainError, ImageRejected
from domain.ports import ImageProcessor, ProcessedImage
from ui import icons
from ui.addresses import image_url
from ui.components.session_form_parts import ErrorBeside, ErrorText, field_heading
from ui.context import app_context

StoreImage = Callable[[ProcessedImage], Awaitable[str]]
NOT_ACCEPTED = 'This file cannot be used. Choose a JPEG, PNG, WebP or GIF picture of at most 10 MB.'
TIP = 'Select an image that is relevant to the session topic.'


def checked_image(images: ImageProcessor, data: bytes) -> ProcessedImage | str:
    """`images.process` for `run.cpu_bound`: a refusal comes back as its message, since an exception raised in
    the worker process would arrive as a generic one and be logged as a crash."""
    try:
        return images.process(data)
    except ImageRejected as refusal:
        return refusal.message


class ImageField(ErrorBeside):
    def __init__(self, image_id: str | None, store: StoreImage) -> None:
        self.image_id = image_id
        self._store = store
        self._images = app_context().images
        with ui.column().classes('w-full gap-2').mark('field-image'):
            field_heading('Session image')
            # Outside the menu: a menu's content leaves the page when it closes, and the picker outlives it.
            camera = self._uploader('take-photo', 'accept="image/*" capture=environment')
            library = self._uploader('choose-from-library', 'accept="image/*"')
            self._preview = ui.element('div').classes('w-full max-w-md')
            with ui.row().classes('items-center gap-2 flex-wrap'):
                self._button = ui.button('Add image', icon=icons.ADD_PHOTO_ALTERNATE).props('outline no-caps')
                self._button.mark('add-image')
                self.focus_target = self._button
                with self._button, ui.menu():
                    _opens_picker(ui.menu_item('Take Photo'), camera)
                    _opens_picker(ui.menu_item('Choose from library'), library)
                    self._remove = ui.menu_item('Remove current photo', on_click=self._remove_photo).mark(
                        'remove-photo'
                    )
                self._busy = ui.spinner(size='md').props('aria-label="Checking the image"')
            ui.label(TIP).classes('text-sm text-gray-700')
            self._error = ErrorText()
        self._show()

    def set_enabled(self, enabled: bool) -> None:
        self._button.set_enabled(enabled)

    def _uploader(self, marker: str, accept: str) -> ui.upload:
        # Kept out of sight (CSS only): the menu items open its picker; tests hand it files directly.
        upload = ui.upload(
            auto_upload=True,
            max_file_size=self._images.max_upload_bytes,
            on_upload=self._received,
            on_rejected=self._rejected,
        )
        return upload.props(accept).classes('hidden').mark(f'{marker}-upload').props(f'data-testid={marker}-upload')

    def _show(self, busy: bool = False) -> None:
        self._preview.clear()
        with self._preview:
            if self.image_id:
                preview = ui.image(image_url(self.image_id)).classes('w-full rounded-lg border bg-gray-500/10')
                # The frame the tiles and Session Details show it in (tile_parts.PICTURE_FRAME): 16:9, whole.
                preview.props('ratio=1.7778 alt="Session image" fit=contain data-testid=session-image')
            else:
                with ui.column().classes('w-full h-40 rounded-lg border-2 border-dashed items-center justify-center'):
                    ui.icon(icons.IMAGE, size='xl').classes('text-gray-400')
                    ui.label('No image yet').classes('text-sm text-gray-600')
        self._remove.set_visibility(self.image_id is not None)
        self._busy.set_visibility(busy)
        self._button.set_enabled(not busy)

    def show_image(self, image_id: str | None) -> None:
        self.image_id = image_id
        self._show()

    def _remove_photo(self) -> None:
        self.image_id = None
        self.error = None
        self._show()

    def _rejected(self) -> None:
        self.error = NOT_ACCEPTED

    async def _received(self, event: events.UploadEventArguments) -> None:
        upload = event.sender
        self.error = None
        self._show(busy=True)
        try:
            self.image_id = await self._checked_and_stored(event.file)
        except DomainError as refusal:
            self.error = refusal.message
        finally:
            self._show()
            if isinstance(upload, ui.upload):
                upload.reset()

    async def _checked_and_stored(self, file: FileUpload) -> str:
        self._images.check_size(file.size())  # the browser's limit is only a courtesy: check before reading
        processed = await run.cpu_bound(checked_image, self._images, await file.read())
        if processed is None:  # the app is shutting down
            raise ImageRejected('The server is restarting. Please add the image again.')
        if isinstance(processed, str):
            raise ImageRejected(processed)
        return await self._store(processed)


def _opens_picker(item: ui.menu_item, upload: ui.upload) -> None:
    item.on('click', js_handler=f'() => getElement({upload.id}).$refs.qRef.pickFiles()')
