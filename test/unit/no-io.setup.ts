/**
 * The unit tier's promise (ARCHITECTURE.md "Tests"): no sockets, no child processes — a unit test
 * that opens one fails at once, naming the tier it belongs to. Set up by vitest.config.ts for
 * test/unit only; fastify.inject and files on disk stay allowed.
 */
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

function refuse(what: string): never {
  throw new Error(`a unit test opened ${what}: it belongs in test/integration (or test/interop)`);
}

net.Server.prototype.listen = function () {
  return refuse('a listening socket');
};
net.Socket.prototype.connect = function () {
  return refuse('a network connection');
};
dgram.Socket.prototype.bind = function () {
  return refuse('a UDP socket');
};
dgram.Socket.prototype.send = function () {
  return refuse('a UDP socket');
};
for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const)
  (childProcess as unknown as Record<string, unknown>)[name] = () => refuse('a child process');
// ESM named imports of node:child_process follow the patched CommonJS exports from here on
syncBuiltinESMExports();
