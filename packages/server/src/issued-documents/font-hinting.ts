// TrueType hinting taken out of a font before Typst embeds it. Hinting is bytecode that fits
// outlines to a screen's pixel grid at small sizes; an official document is printed or viewed
// scaled, and poppler draws its page the same pixel for pixel without it. Typst's subsets keep it,
// and it is ~40% of Tinos's glyph data: without it a document's PDF is ~29% smaller (issue 15).

/** Tables that only hinting uses (as `pyftsubset --no-hinting` drops them). */
const HINTING_TABLES = new Set(['fpgm', 'prep', 'cvt ', 'cvar', 'hdmx', 'VDMX', 'LTSH']);

// Composite glyph component flags (OpenType's glyf table).
const ARG_1_AND_2_ARE_WORDS = 0x0001;
const WE_HAVE_A_SCALE = 0x0008;
const MORE_COMPONENTS = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE = 0x0040;
const WE_HAVE_A_TWO_BY_TWO = 0x0080;
const WE_HAVE_INSTRUCTIONS = 0x0100;

interface Table {
  tag: string;
  data: Buffer;
}

/** The font's tables, by the table directory at its start. */
function tablesOf(font: Buffer): Table[] {
  const count = font.readUInt16BE(4);
  const tables: Table[] = [];
  for (let index = 0; index < count; index += 1) {
    const record = 12 + index * 16;
    const offset = font.readUInt32BE(record + 8);
    const length = font.readUInt32BE(record + 12);
    tables.push({
      tag: font.toString('latin1', record, record + 4),
      data: font.subarray(offset, offset + length),
    });
  }
  return tables;
}

/**
 * Copies the simple glyph at glyf[start, end) into `out` at `at` with an instruction length of 0
 * and its instructions left out; returns its length. (Offsets, not subarrays: a font has thousands
 * of glyphs, and an object each was most of the time spent here.)
 */
function copySimpleGlyph(glyf: Buffer, start: number, end: number, out: Buffer, at: number): number {
  const lengthAt = 10 + 2 * glyf.readInt16BE(start);
  const instructions = glyf.readUInt16BE(start + lengthAt);
  glyf.copy(out, at, start, start + lengthAt);
  out.writeUInt16BE(0, at + lengthAt);
  return lengthAt + 2 + glyf.copy(out, at + lengthAt + 2, start + lengthAt + 2 + instructions, end);
}

/** How many bytes a composite glyph's component takes, by its flags. */
const componentLength = (flags: number) =>
  4 +
  (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2) +
  (flags & WE_HAVE_A_SCALE ? 2 : flags & WE_HAVE_AN_X_AND_Y_SCALE ? 4 : flags & WE_HAVE_A_TWO_BY_TWO ? 8 : 0);

/**
 * Copies the composite glyph at glyf[start…] into `out` at `at`, its components' instruction flag
 * cleared and the instructions after them left out; returns its length.
 */
function copyCompositeGlyph(glyf: Buffer, start: number, out: Buffer, at: number): number {
  let length = 10;
  for (let more = true; more;) {
    const flags = glyf.readUInt16BE(start + length);
    const component = componentLength(flags);
    glyf.copy(out, at + length, start + length, start + length + component);
    out.writeUInt16BE(flags & ~WE_HAVE_INSTRUCTIONS, at + length);
    length += component;
    more = (flags & MORE_COMPONENTS) !== 0;
  }
  glyf.copy(out, at, start, start + 10);
  return length;
}

/** glyf without instructions, each glyph on a 4-byte boundary, and its long-format loca. */
function glyphsWithoutInstructions(glyf: Buffer, loca: Buffer, glyphCount: number, longLoca: boolean) {
  const offsetOf = (index: number) =>
    longLoca ? loca.readUInt32BE(index * 4) : loca.readUInt16BE(index * 2) * 2;
  // Never longer than before, but for the padding of each glyph to 4 bytes.
  const out = Buffer.alloc(glyf.length + glyphCount * 4);
  const offsets = Buffer.alloc((glyphCount + 1) * 4);
  let size = 0;
  for (let index = 0; index < glyphCount; index += 1) {
    offsets.writeUInt32BE(size, index * 4);
    const start = offsetOf(index);
    const end = offsetOf(index + 1);
    if (end === start) continue;
    const length =
      glyf.readInt16BE(start) >= 0
        ? copySimpleGlyph(glyf, start, end, out, size)
        : copyCompositeGlyph(glyf, start, out, size);
    size += (length + 3) & ~3; // out is zeroed: the padding is there already
  }
  offsets.writeUInt32BE(size, glyphCount * 4);
  return { glyf: out.subarray(0, size), loca: offsets };
}

/** OpenType's table checksum: the sum of its big-endian 32-bit words, zero-padded. */
function checksum(data: Buffer): number {
  const padded = data.length % 4 === 0 ? data : Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]);
  let sum = 0;
  for (let at = 0; at < padded.length; at += 4) sum = (sum + padded.readUInt32BE(at)) >>> 0;
  return sum;
}

/**
 * The font file with `tables`, in the order given (the directory's, by tag), and head's
 * checkSumAdjustment set: the whole file's checksum (its directory's and its tables') comes out at
 * OpenType's constant.
 */
function fontFile(sfntVersion: number, tables: Table[]): Buffer {
  const power = 2 ** Math.floor(Math.log2(tables.length));
  const directory = Buffer.alloc(12 + tables.length * 16);
  directory.writeUInt32BE(sfntVersion, 0);
  directory.writeUInt16BE(tables.length, 4);
  directory.writeUInt16BE(power * 16, 6);
  directory.writeUInt16BE(Math.log2(power), 8);
  directory.writeUInt16BE(tables.length * 16 - power * 16, 10);
  const parts: Buffer[] = [directory];
  let offset = directory.length;
  let total = 0;
  let headAt = -1;
  for (const [index, { tag, data }] of tables.entries()) {
    const record = 12 + index * 16;
    const sum = checksum(data);
    directory.write(tag, record, 'latin1');
    directory.writeUInt32BE(sum, record + 4);
    directory.writeUInt32BE(offset, record + 8);
    directory.writeUInt32BE(data.length, record + 12);
    if (tag === 'head') headAt = offset;
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    parts.push(padded);
    offset += padded.length;
    total = (total + sum) >>> 0;
  }
  const file = Buffer.concat(parts);
  total = (total + checksum(directory)) >>> 0;
  file.writeUInt32BE((0xb1b0afba - total) >>> 0, headAt + 8);
  return file;
}

/**
 * A TrueType font without its hinting: the hinting tables gone, every glyph's instructions taken
 * out. Outlines, metrics, character map and layout tables stay byte for byte. Fonts with other
 * outlines (CFF) are returned as they are.
 */
export function withoutHinting(font: Buffer): Buffer {
  const tables = tablesOf(font);
  const byTag = new Map(tables.map((table) => [table.tag, table.data]));
  const [head, maxp, glyf, loca] = ['head', 'maxp', 'glyf', 'loca'].map((tag) => byTag.get(tag));
  if (!head || !maxp || !glyf || !loca) return font;
  const stripped = glyphsWithoutInstructions(glyf, loca, maxp.readUInt16BE(4), head.readInt16BE(50) === 1);
  const newHead = Buffer.from(head);
  newHead.writeUInt32BE(0, 8); // checkSumAdjustment: 0 while the checksums are taken (fontFile)
  newHead.writeInt16BE(1, 50); // indexToLocFormat: long offsets
  const newMaxp = Buffer.from(maxp);
  if (newMaxp.length >= 28) newMaxp.writeUInt16BE(0, 26); // maxSizeOfInstructions
  const replaced = new Map([
    ['head', newHead],
    ['maxp', newMaxp],
    ['glyf', stripped.glyf],
    ['loca', stripped.loca],
  ]);
  const kept = tables
    .filter(({ tag }) => !HINTING_TABLES.has(tag))
    .map(({ tag, data }) => ({ tag, data: replaced.get(tag) ?? data }));
  return fontFile(font.readUInt32BE(0), kept);
}
