import pytest

from tests.workshops.factories import reference_data


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Tests that use the database find the reference data of the migrations, even after a flush."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("db")
        reference_data()
