"""One administrator's first days: first login → forced password change → second factor required by the hall →
log out → log in with password and code."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import HallSecurityPolicy

from ..factories import PASSWORD, RoleFactory, UserFactory
from ..identity_data import GOOD_PASSWORD, totp_code
from .helpers import login, logout, url

pytestmark = pytest.mark.e2e


def test_first_login_password_change_second_factor_and_login_with_code(page, live_server, alpha):
    HallSecurityPolicy.objects.create(hall=alpha.hall, require_admin_second_factor=True)
    newcomer = UserFactory(username="alpha-newadmin", last_name="赵", first_name="新")
    RoleFactory(user=newcomer, hall=alpha.hall, role=Role.ADMIN)
    get_user_model().objects.filter(pk=newcomer.pk).update(must_change_password=True)  # made by an administrator

    # First login: the password an administrator gave must be replaced before anything else.
    page.goto(url(live_server, "/h/alpha/"))
    page.locator("input[name=username]").fill("alpha-newadmin")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "/accounts/password/?next=%2Fh%2Falpha%2F"))
    expect(page.get_by_test_id("password-must-change")).to_contain_text("管理员设置")
    page.goto(url(live_server, "/h/alpha/zones/"))  # no way round it
    expect(page.get_by_test_id("password-must-change")).to_be_visible()

    # Too simple a password is refused with the rule, in Chinese.
    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password1]").fill("alphaadmin2026")
    page.locator("input[name=new_password2]").fill("alphaadmin2026")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main .invalid-feedback").first).to_contain_text("至少包含")

    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password1]").fill(GOOD_PASSWORD)
    page.locator("input[name=new_password2]").fill(GOOD_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    # The hall requires administrators to use a second factor: set up the authenticator app.
    expect(page).to_have_url(url(live_server, "/accounts/two-factor/?next=%2Fh%2Falpha%2Fzones%2F"))
    expect(page.get_by_test_id("otp-qr").locator("svg")).to_be_visible()
    device = TOTPDevice.objects.get(user=newcomer, confirmed=False)
    page.locator("input[name=code]").fill(totp_code(device))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/zones/"))

    logout(page)

    # The next login asks for the password, then the code of the app.
    login(page, live_server, "alpha-newadmin", GOOD_PASSWORD, expect_success=False)
    expect(page).to_have_url(url(live_server, "/accounts/code/?next=%2F"))
    page.locator("input[name=code]").fill("000000")
    with page.expect_navigation():
        page.get_by_test_id("confirm-code").click()
    expect(page.locator("main .invalid-feedback")).to_contain_text("验证码无效")
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the app's next code, without waiting out the throttle
    device.save()
    page.locator("input[name=code]").fill(totp_code(device, steps_ahead=1))
    with page.expect_navigation():
        page.get_by_test_id("confirm-code").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/"))  # the root sends a one-hall user to their hall
    page.goto(url(live_server, "/accounts/me/"))
    expect(page.get_by_test_id("second-factor")).to_contain_text("已绑定")
