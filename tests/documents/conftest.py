import shutil

import pytest
from django.core.files.storage import storages


@pytest.fixture(autouse=True)
def empty_documents_storage(settings, tmp_path):
    """Each test starts with an empty documents storage of its own, so that "nothing stored" can be checked."""
    location = tmp_path / "documents"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            **settings.STORAGES["documents"],
            "OPTIONS": {**settings.STORAGES["documents"]["OPTIONS"], "location": str(location)},
        },
    }
    assert storages["documents"].location == str(location)
    yield location
    shutil.rmtree(location, ignore_errors=True)
