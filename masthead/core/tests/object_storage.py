"""The media-bucket fixture: a local S3-compatible server (moto's server mode) with one bucket, and the
site's media storage pointed at it for one test.

Import it into a test module (`from masthead.core.tests.object_storage import media_bucket  # noqa: F401`).
The server runs in a thread of the test process on a port the system picks, so parallel runs never meet.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from dataclasses import dataclass

import pytest

from masthead.core.media_storage import public_read_policy

BUCKET = "masthead-media"


@dataclass
class MediaBucket:
    endpoint: str  # http://127.0.0.1:PORT
    name: str
    client: object  # a boto3 S3 client of the server, to look into the bucket behind the storage's back
    storage_url: str  # the MEDIA_STORAGE_URL the site runs with

    @property
    def public_base(self) -> str:
        return f"{self.endpoint}/{self.name}/"

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}


def fetch(url: str) -> tuple[int, bytes]:
    """GET without credentials, as a reader's browser does."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a loopback test server
        return response.status, response.read()


def make_bucket(endpoint: str, name: str) -> MediaBucket:
    """A new bucket on the server with the public-read policy for images, and the storage URL that names it."""
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_read_policy(name)))  # as ensure_media_bucket puts it
    url = f"s3://testing:testing@{endpoint.removeprefix('http://')}/{name}?secure=0"
    return MediaBucket(endpoint=endpoint, name=name, client=client, storage_url=url)


@pytest.fixture
def moto_server():
    """A moto S3 server on a free loopback port; its state is reset when the test ends."""
    from moto.server import ThreadedMotoServer

    quiet = logging.getLogger("werkzeug")  # the server logs every request it answers
    level = quiet.level
    quiet.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    try:
        yield endpoint
    finally:
        # moto keeps its buckets in the process, not in the server: forget them for the next test.
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=10).close()
        server.stop()
        quiet.setLevel(level)


@pytest.fixture
def media_bucket(moto_server, settings):
    """The site's default storage on a fresh bucket of the moto server (MEDIA_STORAGE_URL as a deployment sets it)."""
    from django.core.cache import caches

    from masthead.core.media_storage import storage_from_url

    bucket = make_bucket(moto_server, BUCKET)
    url = bucket.storage_url
    # Changing STORAGES resets Django's storage handler and default_storage (django.test.signals.storages_changed).
    settings.MEDIA_STORAGE_URL = url
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(url)}
    caches["renditions"].clear()  # a rendition another test cached would name a file on disk
    yield bucket
    caches["renditions"].clear()
