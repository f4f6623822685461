/**
 * Stands in for `@aws-sdk/credential-provider-node` in the functions' bundles (an esbuild alias,
 * infra/bundling.ts). On Lambda the role's credentials are in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), which is where the SDK's
 * default chain finds them first anyway; the rest of that chain never runs there.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

/** The SDK clients' default credential provider, reduced to the environment. */
export const defaultProvider = (
  init: Parameters<typeof fromEnv>[0] = {},
): ReturnType<typeof fromEnv> => fromEnv(init);
