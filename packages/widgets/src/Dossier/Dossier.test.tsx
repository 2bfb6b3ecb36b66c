import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { AttachmentView, DossierView, HistoryView, MediaType } from '@doanflow/client';
import { ApprovalPanel } from '../ApprovalPanel/ApprovalPanel.tsx';
import { fakeServer } from '../testing/fake-server.ts';
import { transferDefinition, transferInstance } from '../testing/fixtures.ts';
import { expectNoAxeViolations, renderWidget } from '../testing/render.tsx';
import { Timeline } from '../Timeline/Timeline.tsx';
import { Dossier } from './Dossier.tsx';

const pdf = 'application/pdf';
const scan: MediaType[] = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];
const file = (overrides: Partial<AttachmentView>): AttachmentView => ({
  id: 'att-1',
  instanceId: 'inst-1',
  kind: 'memberBookPage',
  name: 'Sổ đoàn viên - trang 12.pdf',
  size: 254_000,
  mediaType: pdf,
  sha256: 'a'.repeat(64),
  uploadedBy: { personId: 'p-binh', name: 'Trần Thị Bình', role: 'branchSecretary', unitId: 'cd-thon2' },
  uploadedAt: '2026-11-20T02:00:00.000Z',
  seq: 2,
  event: 'CONFIRM',
  ...overrides,
});
const dossier = (items: AttachmentView[]): DossierView => ({
  instanceId: 'inst-1',
  kinds: [
    {
      id: 'memberBookPage',
      label: { vi: 'Trang sổ đoàn viên', en: 'Member book page' },
      accepts: scan,
      maxBytes: 10 * 1024 * 1024,
      canUpload: true,
      required: false,
      missing: false,
    },
    {
      id: 'meetingRecord',
      label: { vi: 'Biên bản họp', en: 'Meeting record' },
      accepts: scan,
      maxBytes: 1024 * 1024,
      canUpload: true,
      required: true,
      missing: false,
    },
  ],
  events: [
    { type: 'ISSUE_REFERRAL', accepts: ['meetingRecord'], requires: ['meetingRecord'], atLeastOne: false },
  ],
  items,
});
const waiting = file({
  id: 'att-2',
  kind: 'meetingRecord',
  name: 'Biên bản họp BTV.png',
  mediaType: 'image/png',
  seq: null,
  event: null,
});
const routes = (items: AttachmentView[] = [file({})]) => ({
  'GET /instances/inst-1': { body: transferInstance },
  'GET /definitions/member-transfer': { body: transferDefinition },
  'GET /instances/inst-1/dossier': { body: dossier(items) },
});
const pick = (name: string, type: string, bytes = 'x') => new File([bytes], name, { type });

describe('Dossier', () => {
  it('lists kind, name, size, who and when; a waiting upload says which decision takes it', async () => {
    const { container } = renderWidget(
      <Dossier instanceId="inst-1" />,
      fakeServer(routes([file({}), waiting])),
    );
    const rows = await screen.findAllByRole('row');
    expect(
      within(rows[1]!)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual([
      'Trang sổ đoàn viên',
      'Sổ đoàn viên - trang 12.pdf PDF',
      '248 KB',
      'Trần Thị Bình',
      expect.stringContaining('2026'),
    ]);
    expect(rows[2]!.getAttribute('data-pending')).toBe('true');
    expect(rows[2]!.textContent).toContain('Chưa gửi — sẽ kèm theo: ISSUE_REFERRAL');
    // The required kind is marked where the officer chooses what to add.
    expect(screen.getByRole('option', { name: 'Biên bản họp (bắt buộc)' })).toBeTruthy();
    await expectNoAxeViolations(container);
  });

  it('uploads each dropped file in its own request, then lists it; a file too large for its kind is refused here, saying why in the officer’s language', async () => {
    let uploaded = false;
    const server = fakeServer({
      ...routes([]),
      'GET /instances/inst-1/dossier': () => ({ body: dossier(uploaded ? [waiting] : []) }),
      'POST /instances/inst-1/attachments': (request) => {
        if (request.query.get('kind') !== 'meetingRecord') return { status: 400, body: {} };
        uploaded = true;
        return { status: 201, body: waiting };
      },
    });
    renderWidget(<Dossier instanceId="inst-1" />, server);
    await userEvent.setup().selectOptions(await screen.findByLabelText('Loại tài liệu'), 'meetingRecord');
    const zone = screen.getByText('Kéo thả tệp vào đây, hoặc').parentElement!;
    const big = new File([new Uint8Array(2 * 1024 * 1024)], 'bien-ban-goc.png', { type: 'image/png' });
    fireEvent.drop(zone, { dataTransfer: { files: [pick('Biên bản họp BTV.png', 'image/png'), big] } });
    expect(await screen.findByText('Biên bản họp BTV.png')).toBeTruthy();
    // Too large for the kind: refused here, not a byte sent.
    expect(screen.getByRole('alert').textContent).toContain(
      'Không tải lên được bien-ban-goc.png: Tệp quá lớn (tối đa 1 MB).',
    );
    const uploads = server.requests.filter((request) => request.method === 'POST');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]!.headers['authorization']).toBe('Bearer test-token');
  });

  it('shows the server’s refusal of a file in English when the officer reads English', async () => {
    const server = fakeServer({
      ...routes([]),
      'POST /instances/inst-1/attachments': {
        status: 415,
        body: { code: 'POLYGLOT_FILE', message: 'the PDF file also holds web page markup', details: {} },
      },
    });
    renderWidget(<Dossier instanceId="inst-1" />, server, { locale: 'en' });
    const input = (await screen.findByLabelText('choose files')) as HTMLInputElement;
    await userEvent.setup().upload(input, pick('report.pdf', pdf));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Could not upload report.pdf: The file hides content of another format and was refused.',
    );
  });

  it('previews a PDF in the page from bytes fetched with the officer’s token', async () => {
    const server = fakeServer({ ...routes(), 'GET /attachments/att-1/content': { body: {} } });
    renderWidget(<Dossier instanceId="inst-1" />, server);
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Sổ đoàn viên - trang 12.pdf' }));
    const frame = await screen.findByTitle('Sổ đoàn viên - trang 12.pdf');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.getAttribute('src')).toMatch(/^blob:/);
    const fetched = server.requests.find((request) => request.path === '/attachments/att-1/content');
    expect(fetched?.headers['authorization']).toBe('Bearer test-token');
  });
});

describe('the dossier in the approval panel and the timeline', () => {
  it('sends the officer’s waiting uploads with the decision whose event takes their kind, and only with it', async () => {
    const server = fakeServer({
      ...routes([waiting]),
      'POST /instances/inst-1/events': { body: { ...transferInstance, revision: 4, allowedEvents: [] } },
    });
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    expect(await screen.findByText('Biên bản họp BTV.png')).toBeTruthy();
    // The panel names the decision by its label, not its type.
    expect(screen.getByText(/sẽ kèm theo: Cấp giấy giới thiệu/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Trả lại chi đoàn' }));
    await user.type(screen.getByLabelText('Reason *'), 'Thiếu sổ đoàn');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Trả lại chi đoàn' }));
    await screen.findByText(/^Đã ghi nhận quyết định “Trả lại chi đoàn”\./);
    const [returned] = server.requests.filter((request) => request.path === '/instances/inst-1/events');
    expect(returned!.body).not.toHaveProperty('attachments');
  });

  it('attaches them to the decision that takes them', async () => {
    const server = fakeServer({
      ...routes([waiting]),
      'POST /instances/inst-1/events': { body: { ...transferInstance, revision: 4, allowedEvents: [] } },
    });
    renderWidget(<ApprovalPanel instanceId="inst-1" />, server);
    const user = userEvent.setup();
    await screen.findByText('Biên bản họp BTV.png');
    await user.click(screen.getByRole('button', { name: 'Cấp giấy giới thiệu' }));
    await user.type(screen.getByLabelText('Issued on *'), '2026-11-20');
    await user.click(screen.getByRole('button', { name: 'Gửi quyết định: Cấp giấy giới thiệu' }));
    await screen.findByText(/^Đã ghi nhận quyết định “Cấp giấy giới thiệu”\./);
    const [sent] = server.requests.filter((request) => request.path === '/instances/inst-1/events');
    expect(sent!.body).toMatchObject({ type: 'ISSUE_REFERRAL', attachments: ['att-2'] });
    // The new revision reloads the dossier.
    await waitFor(() =>
      expect(server.requests.filter((request) => request.path === '/instances/inst-1/dossier')).toHaveLength(
        2,
      ),
    );
  });

  it('links the documents a decision carried in the timeline', async () => {
    const history: HistoryView[] = [
      {
        seq: 1,
        type: 'ISSUE_REFERRAL',
        payload: {},
        comment: null,
        at: '2026-11-20T02:00:00.000Z',
        actor: {
          personId: 'p-hieu',
          role: 'baseSecretary',
          roleLabel: { vi: 'Bí thư Đoàn cơ sở', en: 'Base secretary' },
          unitId: 'tradoc',
          acting: 'self',
          name: 'Đặng Minh Hiếu',
          unitName: 'Đoàn xã Trà Đốc',
        },
        acting: 'self',
        timerId: null,
        from: 'sourceBase',
        to: 'inTransit',
        attachments: [
          {
            id: 'att-2',
            kind: 'meetingRecord',
            name: 'Biên bản họp BTV.png',
            sha256: 'b'.repeat(64),
            size: 2048,
            mediaType: 'image/png',
          },
        ],
        hash: 'h1',
        prevHash: null,
      },
    ];
    const server = fakeServer({
      ...routes(),
      'GET /instances/inst-1/history': { body: { items: history } },
      'GET /attachments/att-2/content': { body: {} },
    });
    renderWidget(<Timeline instanceId="inst-1" />, server);
    const link = await screen.findByRole('button', { name: 'Xem Biên bản họp BTV.png' });
    await userEvent.setup().click(link);
    const image = await screen.findByRole('img', { name: 'Biên bản họp BTV.png' });
    expect(image.getAttribute('src')).toMatch(/^blob:/);
  });
});
