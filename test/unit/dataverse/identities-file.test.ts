import { parseIdentities } from "../../../scripts/dxm/identities";

const noKey = () => {
  throw new Error("no key file in this test");
};

describe("the identities file (--identities)", () => {
  it("reads secrets, secrets from the environment, certificates and emulator tokens, with the tenant given once", () => {
    const specs = parseIdentities({
      tenantId: "t-1",
      identities: [
        { name: "one", clientId: "c-1", clientSecret: "s-1" },
        { name: "two", clientId: "c-2", clientSecretEnv: "SECRET_TWO" },
        { name: "three", clientId: "c-3", tenantId: "t-3", certificate: { thumbprintSha256: "ab12", privateKeyFile: "three.pem" } },
        { name: "emu", token: "tok" },
      ],
    }, { SECRET_TWO: "s-2" }, "/keys", (path) => `KEY FROM ${path}`);
    expect(specs).toEqual([
      { name: "one", tenantId: "t-1", clientId: "c-1", clientSecret: "s-1" },
      { name: "two", tenantId: "t-1", clientId: "c-2", clientSecret: "s-2" },
      { name: "three", tenantId: "t-3", clientId: "c-3", certificate: { privateKey: "KEY FROM /keys/three.pem", thumbprintSha256: "ab12" } },
      { name: "emu", token: "tok" },
    ]);
  });

  it("says what is missing, naming the identity, never a secret", () => {
    const parse = (identities: unknown[], env: Record<string, string> = {}) => () => parseIdentities({ tenantId: "t", identities }, env, "/", noKey);
    expect(parse([])).toThrow(/at least one/);
    expect(parse([{ name: "a", clientId: "c" }])).toThrow(/identity 1 \(a\): give "clientSecret", "clientSecretEnv" or "certificate"/);
    expect(parse([{ name: "a", clientId: "c", clientSecretEnv: "NOPE" }])).toThrow(/NOPE is not set/);
    expect(parse([{ name: "a", token: "x" }, { name: "a", token: "y" }])).toThrow(/used twice/);
    expect(parse([{ name: "bad name!", token: "x" }])).toThrow(/must be 1-64/);
    expect(parse([{ name: "a", clientId: "c", certificate: { privateKey: "k" } }])).toThrow(/thumbprintSha256/);
    expect(() => parseIdentities({ identities: [{ name: "a", clientId: "c", clientSecret: "SECRET-VALUE" }] }, {}, "/", noKey)).toThrow(/give "clientId" and "tenantId"/);
    try {
      parse([{ name: "a", clientId: "c", clientSecret: "SECRET-VALUE", certificate: 1 }, { name: "a", token: "t" }])();
    } catch (error) {
      expect((error as Error).message).not.toContain("SECRET-VALUE");
    }
  });
});
