import { describeStates, type StateDescription } from '@doanflow/engine';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, testApp } from '../support/test-app.ts';

let current: ReturnType<typeof testApp> | undefined;
afterEach(async () => current?.app.close());

interface Box {
  path: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}
const paths = (nodes: StateDescription[]): string[] =>
  nodes.filter((node) => node.type !== 'history').flatMap((node) => [node.path, ...paths(node.children)]);
const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('GET /definitions/{id}/diagram', () => {
  it('lays out every state and transition of every workflow, nested states inside their parent', async () => {
    current = testApp();
    const headers = await bearer('p-an');
    for (const definition of current.registry.latest()) {
      const response = await current.app.inject({ url: `/definitions/${definition.id}/diagram`, headers });
      expect(response.statusCode).toBe(200);
      const view = response.json();
      expect(view).toMatchObject({ workflowId: definition.id, version: definition.version, locale: 'vi' });
      const statechart = describeStates(definition);
      expect(view.nodes.map((node: Box) => node.path).sort()).toEqual(paths(statechart).sort());
      const byPath = new Map<string, Box>(view.nodes.map((node: Box) => [node.path, node]));
      const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('.')));
      // Inside the drawing, inside its parent, and clear of its siblings: collected, then compared.
      const misplaced: string[] = [];
      for (const node of view.nodes as Box[]) {
        if (node.x + node.width > view.width || node.y + node.height > view.height)
          misplaced.push(`${node.path} outside`);
        const parent = byPath.get(parentOf(node.path));
        if (parent && !inside(node, parent)) misplaced.push(`${node.path} outside ${parent.path}`);
        for (const other of view.nodes as Box[]) {
          const sibling = other !== node && parentOf(other.path) === parentOf(node.path);
          if (sibling && overlap(node, other)) misplaced.push(`${node.path} over ${other.path}`);
        }
      }
      expect(misplaced).toEqual([]);
      // One edge per (source, target) with a target; each starts on its source and ends on its target.
      const expected = new Set<string>();
      const walk = (node: StateDescription) => {
        for (const transition of node.transitions)
          for (const target of transition.targets) expected.add(`${node.path}→${target}`);
        node.children.forEach(walk);
      };
      statechart.forEach(walk);
      expect(
        new Set(view.edges.map((edge: { from: string; to: string }) => `${edge.from}→${edge.to}`)),
      ).toEqual(expected);
      for (const edge of view.edges) {
        expect(edge.points.length).toBeGreaterThanOrEqual(2);
        const near = (point: { x: number; y: number }, box: Box) =>
          point.x >= box.x - 1 &&
          point.x <= box.x + box.width + 1 &&
          point.y >= box.y - 1 &&
          point.y <= box.y + box.height + 1;
        expect(near(edge.points[0], byPath.get(edge.from)!), `${edge.id} leaves ${edge.from}`).toBe(true);
        expect(near(edge.points.at(-1), byPath.get(edge.to)!), `${edge.id} reaches ${edge.to}`).toBe(true);
      }
    }
  });

  it("labels states and transitions in the officer's language, timers marked", async () => {
    current = testApp();
    const headers = await bearer('p-an');
    const vi = (await current.app.inject({ url: '/definitions/member-transfer/diagram', headers })).json();
    const en = (
      await current.app.inject({ url: '/definitions/member-transfer/diagram?locale=en&version=1', headers })
    ).json();
    const text = (view: any, path: string) =>
      view.nodes.find((node: { path: string }) => node.path === path).lines.join(' ');
    // The latest version (v2: the base decides); English pinned to v1, whose words stay.
    expect(text(vi, 'sourceBase')).toBe('Đoàn cơ sở nơi đi quyết định');
    expect(text(en, 'sourceBase')).toBe('Source base referral');
    // Wrapped to the box: no line longer than the box holds.
    for (const node of vi.nodes) for (const line of node.lines) expect(line.length).toBeLessThanOrEqual(24);
    const expiry = vi.edges.find((edge: { events: string[] }) => edge.events.includes('REFERRAL_EXPIRED'));
    expect(expiry).toMatchObject({ from: 'inTransit', to: 'referralExpired', timer: true });
    expect(expiry.label.lines.join(' ')).not.toMatch(/REFERRAL_EXPIRED/);
    const reject = vi.edges.find((edge: { events: string[] }) => edge.events.includes('REJECT'));
    expect(reject.timer).toBe(false);
    expect(reject).toMatchObject({ from: 'sourceBase', to: 'rejected' });
    expect(reject.label.lines.join(' ')).toBe('Không chấp thuận (nêu lý do)');
  });

  it('caches a pinned version, refuses a bad locale, an unknown workflow and an anonymous caller', async () => {
    current = testApp();
    const headers = await bearer('p-an');
    const pinned = await current.app.inject({
      url: '/definitions/member-transfer/diagram?version=1',
      headers,
    });
    expect(pinned.headers['cache-control']).toBe('private, max-age=86400');
    const again = await current.app.inject({
      url: '/definitions/member-transfer/diagram?version=1',
      headers,
    });
    expect(again.body).toBe(pinned.body);
    const bad = await current.app.inject({ url: '/definitions/member-transfer/diagram?locale=fr', headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_REQUEST');
    expect((await current.app.inject({ url: '/definitions/nope/diagram', headers })).statusCode).toBe(404);
    expect((await current.app.inject({ url: '/definitions/member-transfer/diagram' })).statusCode).toBe(401);
  });
});
