import net from 'node:net';

/** Whether something accepts TCP connections at a URL's host and port (bounded to 2 s). */
export const tcpReachable = (url: string, defaultPort: number): Promise<boolean> =>
  new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port || defaultPort) });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });

/** A port the OS gives a listener on 127.0.0.1 port 0, once that listener is closed again. */
const listenOnce = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('the listener on port 0 has no port'));
      });
    });
  });

/**
 * A `freePort` that never hands out a port it handed out before, asking the OS again (up to 20
 * times) when it offers one. Once a probe's listener is closed, the OS may offer the same port to
 * the next probe: two calls in a row gave 46253 twice in a clean-clone CI run (2026-12-07), and
 * the broker then refused a Kafka port equal to its controller port. Ports asked for together
 * (a broker's two, a stack's services) are taken before any of them is bound, so only this
 * process's memory of what it handed out keeps them apart.
 */
export const portPicker = (probe: () => Promise<number> = listenOnce): (() => Promise<number>) => {
  const handedOut = new Set<number>();
  return async () => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const port = await probe();
      if (!handedOut.has(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new Error('no free port on 127.0.0.1 that was not handed out already');
  };
};

/**
 * A TCP port free on 127.0.0.1 right now, and not handed out before by this process. It stays
 * free only until someone binds it; another process may take it first.
 */
export const freePort: () => Promise<number> = portPicker();
