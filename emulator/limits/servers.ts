import { ServiceProtection, type ServiceProtectionLimits } from "./service-protection";

/**
 * The environment's web servers behind a load balancer with an affinity cookie (`ARRAffinity`). Microsoft
 * documents that service protection limits are evaluated per user and enforced by each web server
 * independently, and that a client that disables the affinity cookie spreads its requests over the servers
 * ("Send parallel requests": "because each limit is applied per server"). A trial has one server.
 *
 * A request carrying `ARRAffinity` of one of the servers goes to that server; any other goes to the next
 * server in turn, and the answer names it in `Set-Cookie` (what a client keeping cookies sends back).
 */
export class WebServers {
  private next = 0;
  private readonly protections: ServiceProtection[];
  readonly cookies: string[];
  readonly throttles: number[];

  constructor(readonly count: number, limits: ServiceProtectionLimits | undefined, timeScale: number, clock?: () => number) {
    if (!Number.isInteger(count) || count < 1) throw new Error(`servers must be a whole number of at least 1, got ${count}`);
    this.protections = limits ? Array.from({ length: count }, () => new ServiceProtection(limits, timeScale, clock)) : [];
    // Stable, opaque per server, like Azure's hex hashes.
    this.cookies = Array.from({ length: count }, (_, i) => (0x5eed0000 + i * 0x1f3d).toString(16).padStart(64, "0"));
    this.throttles = Array.from({ length: count }, () => 0);
  }

  /** The server a request goes to: the one its affinity cookie names, else the next in turn. */
  route(cookieHeader: string | undefined): number {
    const affinity = cookieHeader?.match(/(?:^|;\s*)ARRAffinity=([^;]+)/)?.[1]?.trim();
    const pinned = affinity ? this.cookies.indexOf(affinity) : -1;
    if (pinned >= 0) return pinned;
    const server = this.next;
    this.next = (this.next + 1) % this.count;
    return server;
  }

  /** That server's service protection (undefined with limits off). */
  protection(server: number): ServiceProtection | undefined {
    return this.protections[server];
  }

  setCookie(server: number): string {
    return `ARRAffinity=${this.cookies[server]};Path=/;HttpOnly;Secure`;
  }

  reset(): void {
    for (const p of this.protections) p.reset();
    this.throttles.fill(0);
    this.next = 0;
  }
}
