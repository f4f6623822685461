/**
 * Stands in for `@aws-sdk/middleware-endpoint-discovery` in the functions' bundles (an esbuild
 * alias, infra/bundling.ts). The DynamoDB client still sets up endpoint discovery when it is
 * made (an LRU endpoint cache and a setting read from the environment or the shared config
 * file), but none of its operations adds the discovery step any more: about 7 KiB loaded and
 * run at every cold start for nothing. Here the setting reads as off and the client's
 * configuration is passed through unchanged.
 */

/** The setting as off, wherever it would be read from (no shared config file is opened). */
export const NODE_ENDPOINT_DISCOVERY_CONFIG_OPTIONS = {
  environmentVariableSelector: (): boolean => false,
  configFileSelector: (): boolean => false,
  default: false,
};

/** The client's configuration, unchanged. */
export const resolveEndpointDiscoveryConfig = <T>(input: T): T => input;
