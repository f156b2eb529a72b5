"""Registers every page and route on NiceGUI's app, given the composition root's context."""

from __future__ import annotations

from fastapi import Request
from nicegui import ui

from ui import auth
from ui.context import AppContext, install
from ui.pages.home import home_page
from ui.pages.login import login_page


def register(context: AppContext) -> None:
    install(context)
    auth.install_routes()

    @ui.page('/login')
    def login(redirect_to: str = '/', expired: str = '') -> None:
        login_page(redirect_to, expired)

    @ui.page('/')
    async def home(request: Request) -> None:
        await home_page(auth.viewer_of(request))
