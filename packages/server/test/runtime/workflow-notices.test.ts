import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { noticeWords, unionWorkflows } from '@doanflow/engine';

const here = fileURLToPath(new URL('../../../engine/src/workflows/', import.meta.url));

/** Every `message: 'x.y'` a workflow folder's charts send (tests excluded), by folder. */
function messagesIn(folder: string): Set<string> {
  const found = new Set<string>();
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
        for (const match of readFileSync(path, 'utf8').matchAll(/message: '([a-zA-Z]+\.[a-zA-Z]+)'/g))
          found.add(match[1]!);
    }
  };
  visit(join(here, folder));
  return found;
}

/** A workflow's folder by its id; the award round and its nominations once shared one. */
const folderOf = (id: string) => (existsSync(join(here, id)) ? id : 'award-nomination');

/** Every notice a Union chart can send has words, or its mail would never go (notice-candidates.ts). */
describe('notices: the words of every reminder and escalation', () => {
  it('finds the notices the charts send (the scan itself works)', () => {
    // The year-end review sends none of its own: its tasks and its decision are mailed as any are.
    for (const folder of ['branch-review', 'award-nomination', 'member-transfer', 'field-visit'])
      expect(messagesIn(folder).size).toBeGreaterThan(0);
  });

  it.each(
    unionWorkflows.map((definition) => [`${definition.id}@${definition.version}`, definition] as const),
  )('%s has Vietnamese and English words for every notice its chart can send', (_, definition) => {
    const sent = messagesIn(folderOf(definition.id));
    const missing = [...sent].filter((message) => !noticeWords(definition, message, {}));
    // The award folder holds both charts; each definition carries the folder's words.
    expect(missing).toEqual([]);
  });
});
