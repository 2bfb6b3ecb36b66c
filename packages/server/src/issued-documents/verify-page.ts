import type { DocumentStatus, VerifiedDocument } from './issued-documents.ts';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const statusWords: Record<DocumentStatus, { vi: string; en: string; colour: string }> = {
  current: { vi: 'Còn hiệu lực', en: 'Current', colour: '#1b5e20' },
  expired: { vi: 'Hết hạn', en: 'Expired', colour: '#8a5a00' },
  revoked: {
    vi: 'Đã bị thu hồi (thay bằng văn bản khác)',
    en: 'Revoked (replaced by another document)',
    colour: '#b71c1c',
  },
};

const dayMonthYear = (on: string) => on.split('-').reverse().join('/');

const page = (title: string, body: string) => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
h1{font-size:1.3rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{font-weight:600}
dd{margin:0;overflow-wrap:anywhere}.en{color:#555;font-size:.9em}code{font-size:.85em}</style></head>
<body>${body}</body></html>`;

/**
 * The public verification page: what the paper shows (number, date, issuing unit, signer), the
 * PDF's SHA-256 to compare with a copy, and whether the document stands. Vietnamese, then English.
 */
export function verifyPage(document: VerifiedDocument): string {
  const status = statusWords[document.status];
  const row = (vi: string, en: string, value: string) =>
    `<dt>${vi} <span class="en">/ ${en}</span></dt><dd>${value}</dd>`;
  return page(
    `Xác thực văn bản ${document.number}`,
    `<h1>Xác thực văn bản <span class="en">/ Document verification</span></h1>
<p id="status" data-status="${document.status}" style="color:${status.colour};font-weight:700">${escape(status.vi)} <span class="en">/ ${escape(status.en)}</span></p>
<dl>
${row('Số', 'Number', `<span id="number">${escape(document.number)}</span>`)}
${row('Ngày ban hành', 'Issued on', escape(dayMonthYear(document.issuedOn)))}
${document.validUntil ? row('Có giá trị đến hết ngày', 'Valid until', escape(dayMonthYear(document.validUntil))) : ''}
${row('Cơ quan ban hành', 'Issued by', escape(document.issuingUnit))}
${row('Người ký', 'Signed by', `${escape(document.signerName)}<br><span class="en">${escape(document.signerTitle)}</span>`)}
${row('SHA-256 của tệp PDF', 'SHA-256 of the PDF', `<code id="sha256">${escape(document.sha256)}</code>`)}
</dl>
<p class="en">So sánh mã SHA-256 với tệp bạn nhận được (ví dụ: <code>sha256sum tep.pdf</code>). / Compare the SHA-256 with the file you received.</p>`,
  );
}

export function notFoundPage(): string {
  return page(
    'Không tìm thấy văn bản',
    `<h1>Không tìm thấy văn bản <span class="en">/ No such document</span></h1>
<p id="status" data-status="unknown">Mã xác thực không khớp với văn bản nào. Hãy kiểm tra lại mã in trên văn bản.
<span class="en">The code matches no document. Check the code printed on the paper.</span></p>`,
  );
}
