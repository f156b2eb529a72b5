"""P1: Home and the header draw their icons from SVG paths (ui/icons.py), so the browser never loads the
128 kB Material Icons font for them — loading it cost Home about a tenth of a blank page's load time."""

from __future__ import annotations

from playwright.async_api import Browser

from tests.e2e.conftest import Server, new_page, sign_in

TILES_SHOWN = 'document.querySelectorAll(\'[data-testid^="session-tile-"]\').length > 0'
FONTS_IN_USE = "[...document.fonts].filter((font) => font.status !== 'unloaded').map((font) => font.family)"
ICON_BOXES = """[...document.querySelectorAll('svg.q-icon')].map((icon) => {
  const box = icon.getBoundingClientRect();
  return {width: box.width, height: box.height, path: icon.querySelector('path')?.getAttribute('d') ?? ''};
})"""


async def test_p1_home_shows_every_icon_without_loading_an_icon_font(server: Server, browser: Browser) -> None:
    context, page = await new_page(browser)
    await sign_in(page, server, 'mentor@demo.test')
    await page.wait_for_function(TILES_SHOWN)
    await page.evaluate('document.fonts.ready.then(() => true)')

    fonts = await page.evaluate(FONTS_IN_USE)
    assert fonts, 'the page uses its text font'
    assert not [family for family in fonts if 'Material' in family], fonts
    assert await page.locator('.material-icons').count() == 0
    icons = await page.evaluate(ICON_BOXES)
    # the header's inbox and theme switch, "Create session", and each tile's picture, chip, time and count
    assert len(icons) >= 3 + 4
    assert all(icon['width'] > 0 and icon['height'] > 0 and icon['path'].startswith('M') for icon in icons), icons
    await context.close()
