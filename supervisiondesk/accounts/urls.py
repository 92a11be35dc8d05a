from django.urls import path

from supervisiondesk.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/code/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("two-factor/off/", views.two_factor_off, name="two_factor_off"),
    path("language/", views.language, name="language"),
    path("keepalive/", views.keepalive, name="keepalive"),
]
