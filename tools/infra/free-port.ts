import { createServer } from 'node:net';

/** Binds `port` on loopback (0: any) and lets it go again; resolves the port that was bound. */
function bindOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Asks the OS for a free loopback port (tests run side by side, so nothing is hard-coded). */
export function freePort(): Promise<number> {
  return bindOnce(0);
}

/** `port` when it is free (the documented one for a newcomer), else any free port. */
export function preferPort(port: number): Promise<number> {
  return bindOnce(port).catch(() => freePort());
}
