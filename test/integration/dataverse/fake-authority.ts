import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { testToken } from "../../../emulator";

/** The user the fake signs in: a Microsoft Entra object id (the emulator finds the systemuser by it) and names. */
export interface FakeUser {
  oid: string;
  tenantId: string;
  name: string;
  upn: string;
}

/** One request to the token endpoint, as the fake saw it. */
export interface Grant {
  grantType: string;
  clientId: string;
  scope: string;
  refreshToken?: string;
}

export interface FakeAuthority {
  /** Who signs in at the device-code prompt (a test may change it between sign-ins). */
  user: FakeUser;
  /** `http://127.0.0.1:PORT`: what DXM_TEST_AUTHORITY names. */
  url: string;
  /** Every request path (below the host) in order, e.g. `/organizations/oauth2/v2.0/devicecode`. */
  paths: string[];
  deviceCodeRequests: { clientId: string; scope: string }[];
  grants: Grant[];
  /** Every secret the fake handed out (device code, access, refresh and id tokens): none may appear in any output. */
  issued: string[];
  /** What the device-code endpoint tells the user to do. */
  message: string;
  /** Lifetime (seconds) of the access tokens issued from now on. */
  expiresIn: number;
  /** Called on each refresh-token grant, before the answer. */
  onRefresh?: () => void;
  /** The user's refresh token is revoked (an admin revoked the sessions, the password changed): refresh grants fail. */
  revoke(): void;
  /** Called on each client-credentials grant (an app registration's secret), before the answer. */
  onClientCredentials?: () => void;
  close(): Promise<void>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/**
 * A loopback fake of Microsoft Entra ID's v2.0 endpoints for the device-code flow: `/<tenant>/oauth2/v2.0/devicecode`
 * answers a user code and a device code; the first poll of `/<tenant>/oauth2/v2.0/token` answers
 * `authorization_pending` (the user has not signed in yet), the next one the tokens; a `refresh_token` grant
 * redeems the last refresh token issued (rotated on each use), and refuses any other with `invalid_grant`; a
 * `client_credentials` grant with the app's secret gets an app token (no refresh or id token). Access
 * tokens are unsigned JWTs naming the user's `oid`, as the emulator reads them.
 */
export async function startFakeAuthority(user: FakeUser, options: { expiresIn: number; clientSecret?: string }): Promise<FakeAuthority> {
  let serial = 0;
  let pendingPolls = 1;
  let liveRefreshToken: string | undefined;
  const deviceCode = `device-code-${process.pid}`;
  const userCode = "FKE-CDE-42";
  const fake: FakeAuthority = {
    user,
    url: "",
    paths: [],
    deviceCodeRequests: [],
    grants: [],
    issued: [deviceCode],
    message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${userCode} to authenticate.`,
    expiresIn: options.expiresIn,
    close: async () => undefined,
    revoke: () => void (liveRefreshToken = undefined),
  };

  const accessToken = (claims: Record<string, unknown>) => {
    serial += 1;
    const now = Math.floor(Date.now() / 1000);
    const token = testToken({ oid: fake.user.oid, tid: fake.user.tenantId, ...claims, jti: `at-${serial}`, iat: now, exp: now + fake.expiresIn });
    fake.issued.push(token);
    return token;
  };
  const tokens = (clientId: string, scope: string) => {
    const now = Math.floor(Date.now() / 1000);
    const user = fake.user;
    const access = accessToken({ upn: user.upn, scp: "user_impersonation" });
    const idToken = `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ ver: "2.0", iss: `https://login.microsoftonline.com/${user.tenantId}/v2.0`, aud: clientId, tid: user.tenantId, oid: user.oid, sub: `sub-${user.oid}`, name: user.name, preferred_username: user.upn, iat: now, exp: now + 3600 })}.`;
    liveRefreshToken = `refresh-token-${serial}-${process.pid}`;
    fake.issued.push(idToken, liveRefreshToken);
    return {
      token_type: "Bearer", scope, expires_in: fake.expiresIn, ext_expires_in: fake.expiresIn,
      access_token: access, refresh_token: liveRefreshToken, id_token: idToken,
      client_info: b64url({ uid: user.oid, utid: user.tenantId }),
    };
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      fake.paths.push(url.pathname);
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { "Content-Type": "application/json; charset=utf-8" });
        res.end(JSON.stringify(body));
      };
      const clientId = form.get("client_id") ?? "";
      const scope = form.get("scope") ?? "";
      if (req.method === "POST" && /^\/[^/]+\/oauth2\/v2\.0\/devicecode$/.test(url.pathname)) {
        fake.deviceCodeRequests.push({ clientId, scope });
        pendingPolls = 1;
        return answer(200, { user_code: userCode, device_code: deviceCode, verification_uri: "https://microsoft.com/devicelogin", expires_in: 900, interval: 0, message: fake.message });
      }
      if (req.method === "POST" && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
        const grantType = form.get("grant_type") ?? "";
        const refreshToken = form.get("refresh_token") ?? undefined;
        fake.grants.push({ grantType, clientId, scope, ...(refreshToken ? { refreshToken } : {}) });
        // MSAL sends `device_code`; RFC 8628 names the grant `urn:ietf:params:oauth:grant-type:device_code`. Entra ID takes both.
        if (grantType === "device_code" || grantType === "urn:ietf:params:oauth:grant-type:device_code") {
          if (form.get("device_code") !== deviceCode) return answer(400, { error: "invalid_grant", error_description: "AADSTS70000: unknown device code." });
          if (pendingPolls > 0) {
            pendingPolls -= 1;
            return answer(400, { error: "authorization_pending", error_description: "AADSTS70016: OAuth 2.0 device flow error. Authorization is pending. Continue polling." });
          }
          return answer(200, tokens(clientId, scope));
        }
        if (grantType === "refresh_token") {
          if (!refreshToken || refreshToken !== liveRefreshToken) return answer(400, { error: "invalid_grant", error_description: "AADSTS50173: The provided grant has expired due to it being revoked.", error_codes: [50173] });
          fake.onRefresh?.();
          return answer(200, tokens(clientId, scope));
        }
        if (grantType === "client_credentials") {
          if (!options.clientSecret || form.get("client_secret") !== options.clientSecret) return answer(401, { error: "invalid_client", error_description: "AADSTS7000215: Invalid client secret provided." });
          fake.onClientCredentials?.();
          return answer(200, { token_type: "Bearer", expires_in: fake.expiresIn, ext_expires_in: fake.expiresIn, access_token: accessToken({ appid: clientId, roles: [] }) });
        }
        return answer(400, { error: "unsupported_grant_type", error_description: `AADSTS70003: ${grantType}` });
      }
      answer(404, { error: "not_found", error_description: `${req.method} ${url.pathname}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
