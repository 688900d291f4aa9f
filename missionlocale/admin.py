from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin as OTPTOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from missionlocale.accounts import account_event_record, role_grant_record
from missionlocale.enums import Role
from missionlocale.models import AccountEventKind, User

admin.site.site_header = _("Mission Locale: administration")
admin.site.site_title = _("Mission Locale")
admin.site.index_title = _("Staff, roles and reference lists")

# Granted only through a role (missionlocale/roles.py) or by a superuser: an administrator who could tick them
# would give themselves every permission, and so every file.
_GRANTING_FIELDS = ["is_superuser", "is_staff", "user_permissions"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    list_display = ["username", "last_name", "first_name", "profession", "fte", "is_active"]
    list_filter = ["profession", "groups", "is_active"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Staff profile"), {"fields": ["profession", "fte", "employment_start", "employment_end"]}),
    ]
    add_fieldsets = [
        *DjangoUserAdmin.add_fieldsets,
        (
            _("Staff profile"),
            {"fields": ["first_name", "last_name", "email", "profession", "fte", "employment_start", "groups"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        readonly += _GRANTING_FIELDS
        if obj is not None and obj.pk == request.user.pk:
            # One's own role is changed by another administrator, never by oneself.
            readonly.append("groups")
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=Role.values)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # A superuser account (kept for emergencies only) is out of an administrator's reach.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        previous_email = ""
        if change and "email" in form.changed_data:
            previous_email = User.objects.filter(pk=obj.pk).values_list("email", flat=True).first() or ""
        super().save_model(request, obj, form, change)
        if previous_email and obj.pk != request.user.pk:
            # Told at the old address too: a changed address followed by a password reset would take the account.
            account_event_record(
                actor=request.user,
                subject=obj,
                kind=AccountEventKind.EMAIL_CHANGED,
                addresses=[previous_email, obj.email],
            )

    def save_related(self, request, form, formsets, change):
        user = form.instance
        roles_before = set(user.groups.values_list("name", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        granted = set(user.groups.values_list("name", flat=True)) - roles_before
        if granted and user.pk != request.user.pk:
            role_grant_record(actor=request.user, subject=user, roles=granted)
        if not request.user.is_superuser:
            # The admin opens to the administrator role only: the staff flag follows it.
            is_staff = user.groups.filter(name=Role.ADMINISTRATOR).exists()
            if user.is_staff != is_staff:
                user.is_staff = is_staff
                user.save(update_fields=["is_staff"])

    def user_change_password(self, request, id, form_url=""):
        subject = self.get_object(request, unquote(id))
        previous = subject.password if subject is not None else None
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and subject is not None and subject.pk != request.user.pk:
            subject.refresh_from_db(fields=["password"])
            if subject.password != previous:
                account_event_record(actor=request.user, subject=subject, kind=AccountEventKind.PASSWORD_RESET)
        return response


class TOTPDeviceAdmin(OTPTOTPDeviceAdmin):
    """Deleting someone's device makes them enrol again: recorded and told to them (missionlocale.accounts)."""

    def _record(self, request, devices):
        for device in devices:
            if device.user_id != request.user.pk:
                account_event_record(
                    actor=request.user, subject=device.user, kind=AccountEventKind.SECOND_FACTOR_RESET
                )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._record(request, [obj])

    def delete_queryset(self, request, queryset):
        devices = list(queryset.select_related("user"))
        super().delete_queryset(request, queryset)
        self._record(request, devices)


# django-otp registered its own admin when imported above; ours replaces it.
admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
