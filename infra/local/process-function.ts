/**
 * A function run the way Lambda runs it, for the local stack's `functionInstances: 'process'`:
 * its shipped bundle (infra/bundling.ts) in an execution environment of its own, a child Node.js
 * process. The first invocation starts the process, which imports the bundle (the cold start)
 * and then answers; later invocations meet the same warm process, one at a time, as one Lambda
 * environment serves one request at a time; {@link ProcessFunction.drop} ends it, so the next
 * invocation is a cold start again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { bundleFunction } from '../bundling';
import type { AppConfig } from '../config/config';
import type { DeployedResources, FunctionDeclaration } from '../manifest';
import { phoneCountriesOf } from '../phone-metadata';

/** A Lambda context as it crosses to the child, with the time it has left. */
interface SentContext {
  readonly fields: Context;
  readonly remainingMs: number;
}

type Answer =
  | { readonly ready: true }
  | { readonly id: number; readonly result: unknown }
  | { readonly id: number; readonly error: string };

/**
 * The child's program: import the bundle (as Lambda's init phase does), say so, then answer
 * each invocation with the handler's result or the name of what it threw.
 */
const workerScript = (bundleFile: string) =>
  [
    `const { handler } = await import(${JSON.stringify(pathToFileURL(bundleFile).href)});`,
    "if (typeof handler !== 'function') throw new Error('the bundle exports no handler');",
    'process.on("message", async ({ id, event, context }) => {',
    '  const deadline = Date.now() + context.remainingMs;',
    '  const noop = () => undefined;',
    '  const lambdaContext = { ...context.fields, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()), done: noop, fail: noop, succeed: noop };',
    '  try { process.send({ id, result: await handler(event, lambdaContext) }); }',
    '  catch (error) { process.send({ id, error: error instanceof Error ? error.name : String(error) }); }',
    '});',
    'process.send({ ready: true });',
  ].join('\n');

export interface ProcessFunction<E, R> {
  /** Invokes the handler, starting the process first when none is warm. */
  readonly invoke: (event: E, context: Context) => Promise<R>;
  /** Ends the warm process, if any: the next invocation is a cold start. */
  readonly drop: () => Promise<void>;
}

/** Runs `bundleFile`'s handler in a child process with `environment` (and nothing else). */
function processFunction<E, R>(options: {
  readonly name: string;
  readonly bundleFile: string;
  readonly environment: Readonly<Record<string, string>>;
}): ProcessFunction<E, R> {
  let instance: Promise<ChildProcess> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 0;

  const start = (): Promise<ChildProcess> => {
    const started = new Promise<ChildProcess>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', workerScript(options.bundleFile)],
        { env: { ...options.environment }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
      );
      const failed = (code: number | null) =>
        reject(new Error(`${options.name}: the function's process exited (${code}) during init`));
      child.once('exit', failed);
      child.once('error', reject);
      child.once('message', () => {
        child.off('exit', failed);
        // A process that ends by itself is replaced at the next invocation.
        child.once('exit', () => {
          if (instance === started) instance = undefined;
        });
        resolve(child);
      });
    });
    return started;
  };

  const call = async (event: E, context: Context): Promise<R> => {
    instance ??= start();
    const child = await instance.catch((error: unknown) => {
      instance = undefined;
      throw error;
    });
    const id = nextId++;
    // The channel carries JSON: the context's functions stay behind and are remade there.
    const sent: SentContext = { fields: context, remainingMs: context.getRemainingTimeInMillis() };
    return new Promise<R>((resolve, reject) => {
      const onMessage = (message: Answer) => {
        if ('ready' in message || message.id !== id) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        if ('error' in message) reject(new Error(`${options.name} threw ${message.error}`));
        else resolve(message.result as R);
      };
      const onExit = (code: number | null) => {
        child.off('message', onMessage);
        reject(new Error(`${options.name}: the function's process exited (${code})`));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ id, event, context: sent });
    });
  };

  return {
    // One request at a time per environment, as on Lambda.
    invoke: (event, context) => {
      const result = queue.then(() => call(event, context));
      queue = result.catch(() => undefined);
      return result;
    },
    drop: async () => {
      await queue;
      const running = instance;
      instance = undefined;
      const child = await running?.catch(() => undefined);
      if (child === undefined || child.exitCode !== null) return;
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill();
      });
    },
  };
}

/**
 * The declared function bundled exactly as it ships (into `dir`), run by
 * {@link processFunction} with its declared environment on top of this process's own (the
 * local AWS endpoints and credentials, the status-link key).
 */
export function shippedProcessFunction<E, R>(
  declaration: FunctionDeclaration,
  config: AppConfig,
  resources: DeployedResources,
  dir: string,
): ProcessFunction<E, R> {
  // The local runtime speaks payload 2.0: the bundle is the shipped one without its REST entry.
  const bundle = bundleFunction(declaration, dir, {
    phoneCountries: phoneCountriesOf(config),
    payload: '2.0',
  });
  const inherited = Object.entries(process.env).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return processFunction({
    name: declaration.name,
    bundleFile: bundle.file,
    environment: {
      ...Object.fromEntries(inherited),
      ...declaration.environment(config, resources),
    },
  });
}
