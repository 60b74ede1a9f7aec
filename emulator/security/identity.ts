import { DataverseError } from "../records/errors";

/**
 * Who a request runs as. Dataverse takes the caller from the bearer token (the Microsoft Entra user's object
 * id, the `oid` claim) and finds the systemuser with that `azureactivedirectoryobjectid`. The emulator does
 * the same with unsigned tokens (it checks no signature: it is a test double on loopback), or with a token
 * map it is given (token → systemuserid). No `Authorization` header: the seed's default caller, as before.
 */
export interface IdentityOptions {
  /** Opaque token → systemuserid or the user's email. When given, a token that is neither listed nor a JWT is refused. */
  tokens?: Record<string, string>;
  defaultUserId: string;
  /** systemuserid of the user whose azureactivedirectoryobjectid is `oid`, if any. */
  userByObjectId(oid: string): string | undefined;
  /** systemuserid of the user with this internalemailaddress, if any. */
  userByEmail(email: string): string | undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type Identity = { userId: string } | { unauthenticated: true } | { refused: DataverseError };

/** The claims of a JWT-shaped token (`header.payload.signature`, signature possibly empty), unverified. */
export function decodeTokenClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as unknown;
    return typeof claims === "object" && claims !== null && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An unsigned test token (`alg: none`) for the user with this Microsoft Entra object id. */
export function testToken(claims: { oid: string } & Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part({ aud: "http://127.0.0.1", ...claims })}.`;
}

// The answer Dataverse gives a valid token whose user is not in the org (code and text as the project's client
// tests already expect; README: not verified against a tenant).
const notMember = () => new DataverseError(401, "0x80072560", "The user is not a member of the organization.");

export function identify(authorization: string | undefined, options: IdentityOptions): Identity {
  if (!authorization) return { userId: options.defaultUserId };
  const token = authorization.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) return { unauthenticated: true };
  const mapped = options.tokens?.[token];
  if (mapped) {
    const userId = GUID.test(mapped) ? mapped.toLowerCase() : options.userByEmail(mapped);
    return userId ? { userId } : { refused: notMember() };
  }
  const claims = decodeTokenClaims(token);
  if (!claims) return options.tokens ? { unauthenticated: true } : { userId: options.defaultUserId };
  const oid = typeof claims.oid === "string" ? claims.oid.toLowerCase() : undefined;
  const userId = oid ? options.userByObjectId(oid) : undefined;
  return userId ? { userId } : { refused: notMember() };
}
