"""B1 downloads: the sample CSV (for anyone signed in) and a job's results (for its uploader); R5: the sample of
the people upload (a job of people has its results at the same address as any job)."""

from __future__ import annotations

import re

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from nicegui import app

from domain.bulk_people import people_sample_csv
from domain.bulk_upload import sample_csv
from domain.errors import NotFound, TryAgain
from domain.services import bulk_upload
from ui.auth import viewer_of
from ui.context import app_context
from ui.csv_route import csv_download
from ui.feedback import attempt

SAMPLE_PATH = '/bulk-upload/sample.csv'
PEOPLE_SAMPLE_PATH = '/people/upload/sample.csv'
RESULTS_PATH = '/bulk-upload/{job_id:int}/results.csv'


def results_url(job_id: int) -> str:
    return f'/bulk-upload/{job_id}/results.csv'


async def sample(request: Request) -> Response:
    viewer_of(request)  # signed in (the gate sent everyone else to /login)
    return csv_download('sessions-sample.csv', sample_csv())


async def people_sample(request: Request) -> Response:
    viewer_of(request)
    return csv_download('people-sample.csv', people_sample_csv())


async def results(request: Request, job_id: int) -> Response:
    viewer = viewer_of(request)
    context = app_context()
    try:
        filename, data = await attempt(bulk_upload.results_csv, context.uow_factory, viewer.user, job_id)
    except NotFound as error:
        return PlainTextResponse(error.message, status_code=404)
    except TryAgain as error:
        return PlainTextResponse(error.message, status_code=503)
    return csv_download(re.sub(r'[^A-Za-z0-9._-]', '_', filename), data)  # a header is ASCII; names may not be


def install_bulk_upload_routes() -> None:
    app.add_api_route(SAMPLE_PATH, sample, methods=['GET'], include_in_schema=False)
    app.add_api_route(PEOPLE_SAMPLE_PATH, people_sample, methods=['GET'], include_in_schema=False)
    app.add_api_route(RESULTS_PATH, results, methods=['GET'], include_in_schema=False)
