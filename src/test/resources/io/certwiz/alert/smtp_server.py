"""A real SMTP server for the email alert tests (aiosmtpd): STARTTLS required, AUTH required after it.

Usage: smtp_server.py HOST PORT CERT KEY USER PASSWORD OUTDIR
Each message is written to OUTDIR as NNNN.eml, headed by what the session did (TLS, user). Prints READY,
then serves until its standard input closes.
"""
import os
import ssl
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

host, port, cert, key, user, password, outdir = sys.argv[1:8]


class Handler:
    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(outdir) if f.endswith(".eml")])
        head = "X-Test-TLS: %s\r\nX-Test-User: %s\r\nX-Test-Rcpt: %s\r\n" % (
            "yes" if session.ssl else "no",
            (lambda d: d.decode() if isinstance(d, bytes) else d)(getattr(session, "auth_data", None)),
            ",".join(envelope.rcpt_tos),
        )
        tmp = os.path.join(outdir, "%04d.tmp" % n)
        with open(tmp, "wb") as f:
            f.write(head.encode() + envelope.original_content)
        os.rename(tmp, os.path.join(outdir, "%04d.eml" % n))
        return "250 OK"


def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
            and auth_data.password.decode() == password:
        return AuthResult(success=True, auth_data=auth_data.login)
    return AuthResult(success=False, handled=False)


context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)
controller = Controller(
    Handler(),
    hostname=host,
    port=int(port),
    tls_context=context,
    require_starttls=True,
    authenticator=authenticator,
    auth_require_tls=True,
)
controller.start()
print("READY", flush=True)
sys.stdin.read()
controller.stop()
