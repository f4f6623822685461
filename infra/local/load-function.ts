/**
 * Imports a function's handler the way Lambda cold-starts it: with the environment its
 * declaration gives it, read once when the module loads.
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppConfig } from '../config/config';
import type { DeployedResources, FunctionDeclaration } from '../manifest';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export async function loadFunction<T>(
  declaration: FunctionDeclaration,
  config: AppConfig,
  resources: DeployedResources,
): Promise<T> {
  Object.assign(process.env, declaration.environment(config, resources));
  const module = (await import(pathToFileURL(join(REPO_ROOT, declaration.entry)).href)) as {
    handler?: T;
  };
  if (typeof module.handler !== 'function') {
    throw new Error(`${declaration.entry} does not export a handler function`);
  }
  return module.handler;
}
