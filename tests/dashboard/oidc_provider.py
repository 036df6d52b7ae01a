"""A small but real OpenID Connect provider for the tests, built from Authlib's server components on Flask.

Authorization code flow (PKCE accepted), RS256-signed ID tokens with a JWKS, discovery document, userinfo and an
end-session endpoint. Its sign-in page asks for an e-mail address from `accounts` (no password: it stands in for a
university's identity service). Run with `Provider(accounts).start()` on 127.0.0.1; `stop()` ends it.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from html import escape
from urllib.parse import urlencode

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import grants as oidc_grants
from flask import Flask, jsonify, redirect, request
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "pingyi-dashboard"


@dataclass
class Account:
    sub: str
    email: str
    name: str


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: list[str]

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope):
        return " ".join(s for s in (scope or "").split() if s in {"openid", "email", "profile"})

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret):
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    account: Account
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return None

    def get_amr(self):
        return None

    def get_code_challenge(self):
        return self.code_challenge

    def get_code_challenge_method(self):
        return self.code_challenge_method


class Provider:
    def __init__(self, accounts: list[Account], port: int, client_secret: str | None = None):
        self.accounts = {a.email: a for a in accounts}
        self.port = port
        self.issuer = f"http://127.0.0.1:{port}"
        self.client_secret = client_secret or secrets.token_urlsafe(24)
        self.redirect_uris: list[str] = []
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, Code] = {}
        self.tokens: dict[str, Account] = {}
        self.sign_ins: list[str] = []  # e-mails that signed in, in order
        self.app = self._app()
        self._server = None
        self._thread: threading.Thread | None = None

    # --- Authlib wiring ---
    def _app(self) -> Flask:
        provider = self
        app = Flask("test-oidc-provider")
        app.config["OAUTH2_REFRESH_TOKEN_GENERATOR"] = False

        def query_client(client_id):
            if client_id == CLIENT_ID:
                return Client(CLIENT_ID, provider.client_secret, provider.redirect_uris)
            return None

        def save_token(token, req):
            provider.tokens[token["access_token"]] = req.user

        server = AuthorizationServer(app, query_client=query_client, save_token=save_token)

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code, req):
                payload = req.payload
                provider.codes[code] = Code(
                    code,
                    req.client.client_id,
                    payload.redirect_uri,
                    payload.scope,
                    req.user,
                    payload.data.get("nonce"),
                    payload.data.get("code_challenge"),
                    payload.data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code, client):
                item = provider.codes.get(code)
                return item if item and item.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code):
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code):
                return authorization_code.account

        class OpenIDCode(oidc_grants.OpenIDCode):
            def resolve_client_private_key(self, client):
                return provider.key

            def get_client_algorithm(self, client):
                return "RS256"

            def get_client_claims(self, client):
                return {
                    "iss": provider.issuer,
                    "aud": [client.get_client_id()],
                    "exp": int(time.time()) + 3600,
                }

            def get_encode_header(self, client):
                return {"alg": "RS256", "kid": "test-key"}

            def exists_nonce(self, nonce, req):
                return False

            def generate_user_info(self, user, scope):
                return {"sub": user.sub, "email": user.email, "email_verified": True, "name": user.name}

        server.register_grant(CodeGrant, [OpenIDCode(require_nonce=False), CodeChallenge(required=False)])

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return jsonify(
                {
                    "issuer": provider.issuer,
                    "authorization_endpoint": f"{provider.issuer}/authorize",
                    "token_endpoint": f"{provider.issuer}/token",
                    "userinfo_endpoint": f"{provider.issuer}/userinfo",
                    "jwks_uri": f"{provider.issuer}/jwks",
                    "end_session_endpoint": f"{provider.issuer}/logout",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "scopes_supported": ["openid", "email", "profile"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                    "code_challenge_methods_supported": ["S256"],
                    "claims_supported": ["sub", "email", "email_verified", "name"],
                }
            )

        @app.get("/jwks")
        def jwks():
            return jsonify({"keys": [provider.key.as_dict(private=False)]})

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize():
            if request.method == "GET":
                query = escape(urlencode(request.args))
                return (
                    "<!doctype html><html><body><h1>Test identity provider</h1>"
                    f"<form method='post' action='/authorize?{query}'>"
                    "<label>E-mail <input name='email' autocomplete='off'></label>"
                    "<button type='submit'>Sign in</button></form></body></html>"
                )
            email = request.form.get("email", "").strip()
            account = provider.accounts.get(email) or Account(f"sub-{len(email)}-{email}", email, email)
            provider.sign_ins.append(email)
            return server.create_authorization_response(grant_user=account)

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/userinfo")
        def userinfo():
            auth = request.headers.get("Authorization", "")
            account = provider.tokens.get(auth.removeprefix("Bearer ").strip())
            if account is None:
                return jsonify({"error": "invalid_token"}), 401
            return jsonify(
                {"sub": account.sub, "email": account.email, "email_verified": True, "name": account.name}
            )

        @app.get("/logout")
        def logout():
            return redirect(request.args.get("post_logout_redirect_uri") or "/")

        return app

    def start(self) -> Provider:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
