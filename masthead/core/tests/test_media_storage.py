"""Media on S3-compatible object storage: MEDIA_STORAGE_URL read right or refused with the reason, and
images, renditions, the article page's pictures, deletion, backups and the demo through a real S3 server
(moto's server mode on loopback)."""

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from masthead.core.media_storage import public_origin, storage_from_url
from masthead.core.tests.object_storage import fetch, media_bucket, moto_server  # noqa: F401
from masthead.testing import make_article

ROOT = Path(__file__).resolve().parents[3]


def test_a_storage_url_names_the_endpoint_bucket_and_credentials():
    storage = storage_from_url("s3://AKIA:se%2Fcret@minio.internal:9000/news/media?secure=0&region=eu-central-1")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "news",
        "location": "media",
        "endpoint_url": "http://minio.internal:9000",
        "region_name": "eu-central-1",
        "addressing_style": "path",
        "access_key": "AKIA",
        "secret_key": "se/cret",
        "querystring_auth": False,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
        "custom_domain": "minio.internal:9000/news",  # the bucket's public URL, made without boto3 for each file
        "url_protocol": "http:",
    }
    assert public_origin(storage) == "http://minio.internal:9000"


def test_https_virtual_addressing_and_boto3s_own_credentials():
    storage = storage_from_url("s3://s3.eu-central-1.amazonaws.com/news?addressing=virtual")
    options = storage["OPTIONS"]
    assert options["endpoint_url"] == "https://s3.eu-central-1.amazonaws.com"
    assert "access_key" not in options and "secret_key" not in options
    assert options["custom_domain"] == "news.s3.eu-central-1.amazonaws.com"
    assert public_origin(storage) == "https://news.s3.eu-central-1.amazonaws.com"


def test_a_public_url_serves_the_files_from_a_cdn():
    storage = storage_from_url("s3://k:s@storage.example.net/news?public_url=https://media.example.com/news/&acl=public-read")
    assert storage["OPTIONS"]["default_acl"] == "public-read"
    assert storage["OPTIONS"]["custom_domain"] == "media.example.com/news"
    assert storage["OPTIONS"]["url_protocol"] == "https:"
    assert public_origin(storage) == "https://media.example.com"


def test_signed_urls_expire():
    storage = storage_from_url("s3://k:s@storage.example.net/news?signed=1&expire=600")
    assert storage["OPTIONS"]["querystring_auth"] is True and storage["OPTIONS"]["querystring_expire"] == 600
    assert "custom_domain" not in storage["OPTIONS"]  # boto3 signs each URL
    assert public_origin(storage) == "https://storage.example.net"


def test_an_unsigned_url_is_the_one_boto3_would_make():
    from storages.backends.s3 import S3Storage

    options = storage_from_url("s3://k:s@127.0.0.1:9000/news/site?secure=0")["OPTIONS"]
    plain = S3Storage(**options)
    by_boto3 = S3Storage(**{key: value for key, value in options.items() if key not in ("custom_domain", "url_protocol")})
    for name in ("images/a.jpg", "original_images/снимок дня.png"):
        assert plain.url(name) == by_boto3.url(name)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("https://k:s@storage.example.net/news", "must start with s3://"),
        ("s3://k:s@/news", "needs the endpoint's host"),
        ("s3://k:s@storage.example.net", "needs a bucket"),
        ("s3://k:s@storage.example.net/", "needs a bucket"),
        ("s3://k:s@storage.example.net:port/news", "bad port"),
        ("s3://k@storage.example.net/news", "key without a secret"),
        ("s3://k:s@storage.example.net/news?secure=maybe", "secure must be 1 or 0"),
        ("s3://k:s@storage.example.net/news?addressing=dns", "addressing must be path or virtual"),
        ("s3://k:s@storage.example.net/news?bucket=other", "unknown option bucket"),
        ("s3://k:s@storage.example.net/news?public_url=media.example.com", "public_url must be an http(s) address"),
        ("s3://k:s@storage.example.net/news?signed=1&public_url=https://media.example.com", "cannot be signed"),
        ("s3://k:s@storage.example.net/news?expire=60", "expire applies to signed URLs only"),
        ("s3://k:s@storage.example.net/news?signed=1&expire=soon", "expire must be a number"),
    ],
)
def test_a_url_that_cannot_be_used_is_refused_with_the_reason(url, reason):
    with pytest.raises(ImproperlyConfigured, match=re.escape(reason)):
        storage_from_url(url)


def test_the_error_never_shows_the_secret():
    with pytest.raises(ImproperlyConfigured) as refused:
        storage_from_url("s3://key:topsecret@storage.example.net:port/news")
    assert "topsecret" not in str(refused.value) and "key:***@" in str(refused.value)


def test_the_settings_put_media_into_the_bucket_and_let_pages_show_its_pictures(tmp_path):
    """The settings module as a node starts it: the storage, and the policy's img-src."""
    code = (
        "import django; django.setup(); from django.conf import settings\n"
        "from django.core.files.storage import storages; print(type(storages['default']).__name__)\n"
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "MASTHEAD_VAR_DIR": str(tmp_path),
           "SECRET_KEY": "media-test", "MEDIA_STORAGE_URL": "s3://k:s@127.0.0.1:9000/news?secure=0"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    storage, img_src = done.stdout.splitlines()
    assert storage == "S3Storage"
    assert "'http://127.0.0.1:9000'" in img_src and "'self'" in img_src


def test_a_bad_url_stops_the_site_at_start(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "MASTHEAD_VAR_DIR": str(tmp_path),
           "SECRET_KEY": "media-test", "MEDIA_STORAGE_URL": "s3://k:s@127.0.0.1:9000"}
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "MEDIA_STORAGE_URL needs a bucket" in done.stderr


def picture(name: str) -> Image:
    return Image.objects.create(
        title=f"Снимок {name}", description="Площадь", file=get_test_image_file(filename=f"{name}.png", size=(1600, 900))
    )


@pytest.mark.django_db
def test_an_uploaded_image_and_its_renditions_live_in_the_bucket_and_load_from_it(client, site_tree, media_bucket):
    image = picture("square")
    assert f"original_images/{Path(image.file.name).name}" in media_bucket.keys()
    article = make_article("Фоторепортаж", lead_image=image)

    html = client.get(article.url).content.decode()

    lead = re.search(r"<picture>.*?</picture>", html, re.S).group()
    webp = re.search(r'srcset="([^" ]+\.webp) 480w', lead).group(1)
    jpeg = re.search(r'<img [^>]*src="([^"]+)"', lead).group(1)
    for url in (webp, jpeg):
        assert url.startswith(media_bucket.public_base + "images/"), url
        assert url.removeprefix(media_bucket.public_base) in media_bucket.keys()
    status, body = fetch(webp)
    assert status == 200 and body[:4] == b"RIFF" and body[8:12] == b"WEBP"
    status, body = fetch(jpeg)
    assert status == 200 and body[:3] == b"\xff\xd8\xff"
    assert "default-src 'self'" in client.get(article.url).headers["Content-Security-Policy"]


@pytest.mark.django_db
def test_deleting_an_image_deletes_its_files_from_the_bucket(media_bucket, django_capture_on_commit_callbacks):
    image = picture("gone")
    image.get_rendition("fill-480x270|format-webp")
    assert {key.split("/")[0] for key in media_bucket.keys()} == {"original_images", "images"}

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes the files after the commit
        image.delete()

    assert media_bucket.keys() == set()


@pytest.mark.django_db
def test_a_second_upload_of_the_same_name_never_replaces_the_first(media_bucket):
    first, second = picture("same"), picture("same")
    assert first.file.name != second.file.name
    assert fetch(first.file.url)[1] != b"" and len(media_bucket.keys()) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_says_the_media_live_in_the_bucket_and_copies_none(site_tree, media_bucket, tmp_path, capsys):
    # site_tree: after an earlier transactional test flushed the database, it makes the root collection again
    picture("kept")
    call_command("backup", directory=str(tmp_path))
    out, err = capsys.readouterr()
    folder = Path(out.strip())
    media = json.loads((folder / "manifest.json").read_text())["media"]
    assert media["files"] == 0 and media["bucket"] == f"bucket masthead-media at {media_bucket.endpoint}"
    assert "not copied into the backup" in err and "masthead-media" in err


@pytest.mark.django_db
def test_the_demo_loads_its_pictures_into_the_bucket(media_bucket, client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    images = list(Image.objects.all())
    assert images
    keys = media_bucket.keys()
    assert {image.file.name for image in images} <= keys
    html = client.get("/").content.decode()
    shown = re.findall(r'src="([^"]+)"', html)
    assert any(url.startswith(media_bucket.public_base + "images/") for url in shown)
    assert not any(url.startswith("/media/") for url in shown)


@pytest.mark.django_db
def test_ensure_media_bucket_creates_the_bucket_with_images_public_and_documents_not(moto_server, settings, client):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    url = f"s3://testing:testing@{moto_server.removeprefix('http://')}/fresh/site?secure=0"
    settings.MEDIA_STORAGE_URL = url
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(url)}
    out = io.StringIO()

    call_command("ensure_media_bucket", stdout=out)
    call_command("ensure_media_bucket", stdout=out)

    first, second = out.getvalue().splitlines()
    assert first.startswith("The bucket fresh/site at http://127.0.0.1:") and "created; anyone may read" in first
    assert second.endswith(": exists.")
    image = picture("public")
    assert image.file.url.startswith(f"{moto_server}/fresh/site/original_images/")
    assert fetch(image.get_rendition("fill-240x135|format-jpeg").url)[1][:3] == b"\xff\xd8\xff"
    document = Document.objects.create(title="Договор", file=ContentFile(b"%PDF-1.4 private", name="contract.pdf"))
    with pytest.raises(urllib.error.HTTPError) as refused:
        fetch(document.file.url)
    assert refused.value.code == 403
    served = client.get(f"/documents/{document.pk}/contract.pdf")  # Wagtail's view reads it through the storage
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-1.4 private"


def test_ensure_media_bucket_does_nothing_for_media_on_disk():
    out = io.StringIO()
    call_command("ensure_media_bucket", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_pictures_named_off_the_page_point_at_the_bucket_not_at_the_site(client, site_tree, media_bucket, settings):
    """og:image, twitter:image, JSON-LD and Telegram's photo carry full URLs; a bucket's is not prefixed with the site's."""
    from masthead.distribution.services import _lead_image_url

    settings.TELEGRAM_SEND_PHOTO = True
    article = make_article("Репортаж", lead_image=picture("shared"))
    html = client.get(article.url).content.decode()

    og = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    twitter = re.search(r'<meta name="twitter:image" content="([^"]+)"', html).group(1)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))["image"][0]
    for url in (og, twitter, ld, _lead_image_url(article)):
        assert url.startswith(media_bucket.public_base + "images/"), url
    assert fetch(og)[1][:3] == b"\xff\xd8\xff"


def test_a_media_path_on_disk_gets_the_sites_address(settings):
    from masthead.core.media_storage import absolute_media_url

    settings.SITE_URL = "https://news.example.com"
    assert absolute_media_url("/media/images/a.jpg") == "https://news.example.com/media/images/a.jpg"
    assert absolute_media_url("https://media.example.com/images/a.jpg") == "https://media.example.com/images/a.jpg"


@pytest.mark.django_db
def test_an_editors_upload_in_the_admin_goes_into_the_bucket(client, media_bucket, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.models import Collection

    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password-1")
    client.force_login(editor)
    upload = SimpleUploadedFile("upload.png", get_test_image_file(size=(800, 600)).file.getvalue(), "image/png")

    response = client.post(
        reverse("wagtailimages:add"),
        {"title": "Митинг", "file": upload, "collection": Collection.get_first_root_node().pk},
    )

    assert response.status_code == 302, response.context["form"].errors
    image = Image.objects.get(title="Митинг")
    assert image.file.name in media_bucket.keys() and image.width == 800
    listing = client.get(reverse("wagtailimages:index"))
    assert media_bucket.public_base + "images/" in listing.content.decode()  # the admin's thumbnails come from the bucket
