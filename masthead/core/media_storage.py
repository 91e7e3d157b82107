"""Where uploaded media live: the local MEDIA_ROOT, or an S3-compatible bucket named by one URL.

Several app nodes cannot share one node's disk, so `MEDIA_STORAGE_URL` puts the original images, their
renditions and the documents into a bucket (django-storages' S3 backend, through boto3). One URL says it all:

    s3://ACCESS_KEY:SECRET_KEY@HOST[:PORT]/BUCKET[/PREFIX]?region=...&secure=1&addressing=path&public_url=...

- HOST[:PORT] is the S3 endpoint (`s3.eu-central-1.amazonaws.com`, `storage.yandexcloud.net`, a MinIO, a
  moto server); the key and secret are percent-encoded (a `/` in a secret is `%2F`). Without them boto3 takes
  its own chain (AWS_ACCESS_KEY_ID..., an instance role).
- PREFIX (optional) puts every file under that folder of the bucket.
- `secure` (default 1): https to the endpoint; 0 for a local server on plain http.
- `region` (default us-east-1); `addressing` path (default: every S3-compatible server understands it) or
  virtual (`BUCKET.HOST`, what AWS prefers).
- `public_url`: where readers fetch the files (a CDN or the bucket's website address), e.g.
  `https://media.example.com`; by default the endpoint's own address of the bucket.
- `signed` (default 0): media are public, so their URLs are plain and stable: the page cache, the proxy and
  the readers' browsers keep them, and a URL in a cached page never expires. The bucket's policy must then let
  anyone read `original_images/` and `images/` (never `documents/`: private documents go through Wagtail's
  document view, which reads them through the storage). `signed=1` signs each URL for `expire` seconds
  (default 3600), for a bucket nobody may read; then the page cache must live shorter than that.
- `acl` (optional): a canned ACL put on each upload (`public-read`) for a bucket that still uses ACLs.

Files are never overwritten (a second upload of `photo.jpg` gets a new name), as on disk: a rendition's or
an original's URL always means the same bytes, so it may be cached for long.

The parser is plain: it reads the URL and returns the STORAGES entry, raising ImproperlyConfigured with the
reason for a URL it cannot use, so a typo stops the site at start instead of at the first upload.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"
CACHE_CONTROL = "public, max-age=86400"  # as the /media/ view serves files from disk
_FLAGS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False, "off": False}
_QUERY_KEYS = {"region", "secure", "addressing", "public_url", "signed", "expire", "acl"}
PUBLIC_FOLDERS = ("original_images", "images")  # Wagtail's originals and renditions; never documents/


def storage_from_url(url: str) -> dict:
    """The STORAGES["default"] entry for MEDIA_STORAGE_URL; ImproperlyConfigured when it cannot be used."""
    parts = urlsplit(url.strip())
    if parts.scheme != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL must start with s3://, not {parts.scheme or 'nothing'}:// ({_shown(url)})")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:  # a port that is not a number
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL has a bad port: {error} ({_shown(url)})") from None
    if not host:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL needs the endpoint's host: s3://KEY:SECRET@HOST/BUCKET ({_shown(url)})")
    bucket, _, prefix = parts.path.strip("/").partition("/")
    if not bucket:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL needs a bucket after the host: s3://KEY:SECRET@HOST/BUCKET ({_shown(url)})")
    if bool(parts.username) != bool(parts.password):
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL has a key without a secret or a secret without a key ({_shown(url)})")
    query = _query(parts.query, url)
    secure = _flag(query, "secure", True)
    signed = _flag(query, "signed", False)
    addressing = query.get("addressing", "path")
    if addressing not in ("path", "virtual"):
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: addressing must be path or virtual, not {addressing!r}")
    endpoint = f"{'https' if secure else 'http'}://{host}{f':{port}' if port else ''}"
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": query.get("region", "us-east-1"),
        "addressing_style": addressing,
        "querystring_auth": signed,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": CACHE_CONTROL},
    }
    if parts.username:
        options["access_key"] = unquote(parts.username)
        options["secret_key"] = unquote(parts.password)
    if prefix:
        options["location"] = prefix.strip("/")
    if "expire" in query:
        if not signed:
            raise ImproperlyConfigured("MEDIA_STORAGE_URL: expire applies to signed URLs only (add signed=1)")
        if not query["expire"].isdigit() or int(query["expire"]) < 1:
            raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: expire must be a number of seconds, not {query['expire']!r}")
        options["querystring_expire"] = int(query["expire"])
    if "acl" in query:
        options["default_acl"] = query["acl"]
    if "public_url" in query:
        public = urlsplit(query["public_url"])
        if public.scheme not in ("http", "https") or not public.netloc or public.query or public.fragment:
            raise ImproperlyConfigured(
                f"MEDIA_STORAGE_URL: public_url must be an http(s) address like https://media.example.com, not {query['public_url']!r}"
            )
        if signed:
            raise ImproperlyConfigured("MEDIA_STORAGE_URL: public_url serves plain URLs and cannot be signed (drop signed=1)")
        options["custom_domain"] = (public.netloc + public.path).rstrip("/")
        options["url_protocol"] = public.scheme + ":"
    elif not signed:
        # The endpoint's own address of the bucket, as boto3 would print it, but made by string formatting:
        # boto3 takes ~0.5 ms per URL, and a listing page shows some eighty (measured: 460 us against 12 us).
        address = f"{host}{f':{port}' if port else ''}"
        options["custom_domain"] = f"{bucket}.{address}" if addressing == "virtual" else f"{address}/{bucket}"
        options["url_protocol"] = "https:" if secure else "http:"
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def public_origin(storage: dict) -> str:
    """The scheme and host readers' browsers fetch media from (for the Content-Security-Policy's img-src)."""
    options = storage["OPTIONS"]
    if "custom_domain" in options:  # public_url, or the bucket's own address for unsigned URLs
        return f"{options['url_protocol']}//{options['custom_domain'].split('/', 1)[0]}"
    endpoint = urlsplit(options["endpoint_url"])
    if options["addressing_style"] == "virtual":
        return f"{endpoint.scheme}://{options['bucket_name']}.{endpoint.netloc}"
    return f"{endpoint.scheme}://{endpoint.netloc}"


def absolute_media_url(url: str) -> str:
    """A media file's URL for use off the page (og:image, JSON-LD, Telegram): on disk it is a path under the
    site, in a bucket it is already absolute and must not get SITE_URL in front of it."""
    from django.conf import settings

    return url if urlsplit(url).scheme else settings.SITE_URL + url


def media_on_local_disk() -> bool:
    """Whether the media storage has files on this machine's disk (FileSystemStorage) or only in a bucket."""
    from django.core.files.storage import default_storage

    try:
        default_storage.path("")
    except NotImplementedError:
        return False
    return True


def describe_media_storage() -> str:
    """Where media live, for messages: the folder, or the bucket at its endpoint (never the credentials)."""
    from django.core.files.storage import default_storage

    if media_on_local_disk():
        return str(default_storage.path(""))
    location = f"/{default_storage.location}" if getattr(default_storage, "location", "") else ""
    return f"bucket {default_storage.bucket_name}{location} at {default_storage.endpoint_url}"


def public_read_policy(bucket: str, location: str = "") -> dict:
    """The bucket policy public media need: anyone may read the images and their renditions, nobody else
    anything (documents stay behind Wagtail's document view, which reads them with the site's key)."""
    prefix = f"{location.strip('/')}/" if location.strip("/") else ""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadOfImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}{folder}/*" for folder in PUBLIC_FOLDERS],
            }
        ],
    }


def ensure_bucket(*, apply_policy: bool = False) -> str:
    """Create the media bucket when it is missing, with the public-read policy unless URLs are signed;
    with `apply_policy`, put the policy on an existing bucket too. Returns what was done, for the operator."""
    import json

    from botocore.exceptions import ClientError
    from django.core.files.storage import default_storage

    client = default_storage.connection.meta.client
    bucket = default_storage.bucket_name
    try:
        client.head_bucket(Bucket=bucket)
        created = False
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket"):
            raise
        region = default_storage.region_name
        extra = {} if region in (None, "", "us-east-1") else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        client.create_bucket(Bucket=bucket, **extra)
        created = True
    public = not default_storage.querystring_auth
    if public and (created or apply_policy):
        policy = public_read_policy(bucket, default_storage.location)
        client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))
    done = "created" if created else "exists"
    if public and (created or apply_policy):
        done += "; anyone may read its images and renditions"
    return f"The {describe_media_storage()}: {done}."


def _query(query: str, url: str) -> dict:
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL has a malformed query string ({_shown(url)})") from None
    unknown = sorted({key for key, _ in pairs} - _QUERY_KEYS)
    if unknown:
        raise ImproperlyConfigured(
            f"MEDIA_STORAGE_URL: unknown option {', '.join(unknown)}; known: {', '.join(sorted(_QUERY_KEYS))}"
        )
    return dict(pairs)


def _flag(query: dict, key: str, default: bool) -> bool:
    if key not in query:
        return default
    value = query[key].lower()
    if value not in _FLAGS:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: {key} must be 1 or 0, not {query[key]!r}")
    return _FLAGS[value]


def _shown(url: str) -> str:
    """The URL with its secret masked, fit for an error message that may end up in a log."""
    parts = urlsplit(url.strip())
    if parts.password is None:
        return url.strip()
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
