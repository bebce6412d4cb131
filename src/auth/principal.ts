/** Who is calling: verified from a bearer token, it scopes everything the request can see. */
export interface Principal {
  orgId: string;
  roles: string[];
  subject: string;
  /** When the token stops being valid (epoch ms); long-lived connections end then. */
  expiresAt?: number;
}

export const ADMIN_ROLE = 'admin';

export function isAdmin(principal: Principal): boolean {
  return principal.roles.includes(ADMIN_ROLE);
}
