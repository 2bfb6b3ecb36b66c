// Writes the sample decision's PDF and its first page as PNG (poppler's pdftoppm) into docs/images,
// as README shows them: `pnpm --filter @doanflow/server exec tsx test/support/write-sample-document.ts`.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DocumentRenderer } from '../../src/issued-documents/render.ts';
import { sampleDecision } from './sample-document.ts';

const images = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));
const pdf = `${images}quyet-dinh-khen-thuong.pdf`;
writeFileSync(pdf, await new DocumentRenderer().render(sampleDecision));
execFileSync('pdftoppm', [
  '-png',
  '-r',
  '80',
  '-f',
  '1',
  '-l',
  '1',
  '-singlefile',
  pdf,
  `${images}quyet-dinh-khen-thuong`,
]);
console.log(`wrote ${pdf} and its first page as PNG`);
