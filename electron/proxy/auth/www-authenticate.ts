import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';

/** The parts of a `Bearer` challenge Tether acts on (RFC 6750 §3, RFC 9728 §5.1). */
export type BearerChallenge = {
  resourceMetadataUrl?: string;
  scope?: string;
  error?: string;
};

/** Parses a raw `WWW-Authenticate` header with the SDK's parser, so both agree on quoting rules. */
export function parseBearerChallenge(header: string | null): BearerChallenge {
  if (!header) return {};
  try {
    const params = extractWWWAuthenticateParams(
      new Response(null, { status: 401, headers: { 'www-authenticate': header } }),
    );
    return {
      ...(params.resourceMetadataUrl ? { resourceMetadataUrl: params.resourceMetadataUrl.href } : {}),
      ...(params.scope ? { scope: params.scope } : {}),
      ...(params.error ? { error: params.error } : {}),
    };
  } catch {
    // A malformed challenge still means "unauthorized"; discovery falls back to well-known URLs.
    return {};
  }
}
