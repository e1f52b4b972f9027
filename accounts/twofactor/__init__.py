"""The second factor: a TOTP authenticator app (django-otp's TOTPDevice) with one-time
recovery codes (accounts.models.RecoveryCodeDevice), asked for after the password.

- ``policy``: who must have one, and what a request's session has proved.
- ``middleware``: a session that owes its second factor reaches nothing but the enrolment,
  the logout and the public pages.
- ``services``: enrolment, recovery codes, turning it off, the admin's reset, and checking a
  code under the throttle.
- ``views`` / ``forms``: the code step of the login, enrolment and the "Keamanan akun" page.
"""
