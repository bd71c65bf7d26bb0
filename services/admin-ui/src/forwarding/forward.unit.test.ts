import { describe, expect, it } from 'vitest';
import { targetOf } from './forward.ts';

describe('where a forwarded call goes', () => {
  const root = new URL('http://127.0.0.1:3001');
  const mounted = new URL('http://placement.internal:8080/placement/');

  it('given a path, then it is appended to the service’s base URL, query and encoding kept', () => {
    expect(targetOf(root, '/candidates?status=open&q=%C3%A9')?.href).toBe(
      'http://127.0.0.1:3001/candidates?status=open&q=%C3%A9',
    );
    expect(targetOf(mounted, '/candidates')?.href).toBe(
      'http://placement.internal:8080/placement/candidates',
    );
  });

  it('given a path naming another host, then it still goes to the service', () => {
    expect(targetOf(root, '//evil.example/steal')?.origin).toBe('http://127.0.0.1:3001');
    expect(targetOf(root, '/\\evil.example/steal')?.origin).toBe('http://127.0.0.1:3001');
  });

  it('given a path climbing above the service’s base path, then nothing is forwarded', () => {
    expect(targetOf(mounted, '/../metrics')).toBeNull();
    expect(targetOf(mounted, '/%2e%2e/metrics')).toBeNull();
    expect(targetOf(root, 'candidates')).toBeNull();
  });
});
