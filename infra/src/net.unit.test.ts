import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, portPicker } from './net.ts';

describe('free ports', () => {
  it('never hands out a port twice, asking the OS again when it offers one already handed out', async () => {
    const offered = [46253, 46253, 46254, 46253, 46254, 46255];
    const pick = portPicker(() => Promise.resolve(offered.shift() ?? 0));
    expect([await pick(), await pick(), await pick()]).toEqual([46253, 46254, 46255]);
  });

  it('gives up, saying so, when the OS offers only ports handed out already', async () => {
    const pick = portPicker(() => Promise.resolve(46253));
    await pick();
    await expect(pick()).rejects.toThrow('no free port');
  });

  it('gives distinct ports on 127.0.0.1 that a listener can bind', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
