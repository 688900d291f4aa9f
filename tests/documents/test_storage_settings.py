"""The documents' storage comes from the environment: the local disk by default, an S3-compatible object store
with DOCUMENTS_STORAGE=s3 (django-storages; docs/deployment.md)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from missionlocale.settings import DOCUMENTS_ROOT, STATIC_ROOT, documents_storage


def test_the_default_is_the_local_disk_outside_the_static_and_media_roots(settings):
    storage = documents_storage("local")

    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storage["OPTIONS"]["location"] == str(DOCUMENTS_ROOT)
    assert storage["OPTIONS"]["base_url"] is None and storage["OPTIONS"]["file_permissions_mode"] == 0o600
    for root in (STATIC_ROOT, settings.MEDIA_ROOT):
        assert not str(DOCUMENTS_ROOT).startswith(str(root))


def test_s3_is_configured_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOCUMENTS_S3_BUCKET", "ml-documents")
    monkeypatch.setenv("DOCUMENTS_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("DOCUMENTS_S3_REGION", "eu-west-1")
    monkeypatch.setenv("DOCUMENTS_S3_ACCESS_KEY_ID", "key")
    monkeypatch.setenv("DOCUMENTS_S3_SECRET_ACCESS_KEY", "secret")

    storage = documents_storage("s3")

    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "ml-documents",
            "location": "documents",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "endpoint_url": "https://s3.example.org",
            "region_name": "eu-west-1",
            "access_key": "key",
            "secret_key": "secret",
        },
    }


def test_s3_without_a_bucket_or_an_unknown_storage_is_refused_at_start(monkeypatch):
    monkeypatch.delenv("DOCUMENTS_S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DOCUMENTS_S3_BUCKET"):
        documents_storage("s3")
    with pytest.raises(ImproperlyConfigured, match="'local' or 's3'"):
        documents_storage("ftp")
