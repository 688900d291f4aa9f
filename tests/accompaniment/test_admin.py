from django.urls import reverse

from accompaniment.models import LocalProject


def test_an_administrator_extends_the_local_projects(client, administrator):
    client.force_login(administrator)

    response = client.post(
        reverse("admin:accompaniment_localproject_add"), {"name": "CQD Marolles", "is_active": "on"}
    )

    assert response.status_code == 302
    assert LocalProject.objects.filter(name="CQD Marolles").exists()


def test_files_and_interviews_are_not_in_the_admin(client, administrator):
    client.force_login(administrator)

    content = client.get(reverse("admin:index")).content.decode()

    assert "accompaniment/localproject" in content
    assert "accompaniment/interview" not in content
    assert "accompaniment/jobseeker" not in content
