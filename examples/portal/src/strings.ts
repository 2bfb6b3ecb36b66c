import type { Locale } from '@doanflow/widgets';

/** The portal's own words (the widgets bring theirs). Vietnamese first. */
const vi = {
  union: 'Đoàn TNCS Hồ Chí Minh',
  organisation: 'Thành đoàn Đà Nẵng',
  portalName: 'Cổng xử lý hồ sơ công tác Đoàn',
  demoNotice: 'Bản trình diễn: dữ liệu minh họa, đăng nhập không cần mật khẩu.',
  languageLabel: 'Ngôn ngữ',
  navInbox: 'Việc cần xử lý',
  navStart: 'Tạo hồ sơ',
  navReport: 'Báo cáo',
  reportTitle: 'Báo cáo của đơn vị',
  reportUnit: 'Đơn vị',
  signOut: 'Đăng xuất',
  signedInAs: 'Đang đăng nhập',
  signInTitle: 'Đăng nhập',
  signInLead:
    'Chọn một cán bộ để đăng nhập. Mỗi người thấy các việc theo vai trò và đơn vị của mình: duyệt một hồ sơ chuyển sinh hoạt đoàn với người này rồi đăng nhập người tiếp theo để thấy hồ sơ đến lượt họ.',
  signInAs: 'Đăng nhập',
  signingIn: 'Đang đăng nhập…',
  signInFailed: 'Không đăng nhập được: {message}',
  peopleFailed: 'Không tải được danh sách cán bộ ({message}). Máy chủ cần bật DOANFLOW_DEV_TOKENS=1.',
  loadingPeople: 'Đang tải danh sách cán bộ…',
  groupCity: 'Thành đoàn',
  groupBase: 'Đoàn cơ sở (xã, phường)',
  groupBranch: 'Chi đoàn',
  groupMember: 'Đoàn viên',
  memberOf: 'Sinh hoạt tại {unit}',
  deputy: 'cấp phó',
  noRole: 'Đoàn viên',
  inboxLead: 'Các hồ sơ đang chờ bạn xử lý ở mọi quy trình. Chọn “Mở” để xem và quyết định.',
  backToInbox: '← Về danh sách việc',
  instanceTitle: 'Hồ sơ',
  instanceSide: 'Tiến trình và lịch sử hồ sơ',
  skipToContent: 'Bỏ qua, đến nội dung chính',
  startTitle: 'Tạo hồ sơ mới',
  startLead: 'Các quy trình bạn được khởi tạo theo vai trò của mình.',
  startNone: 'Vai trò của bạn không khởi tạo quy trình nào.',
  chooseWorkflow: 'Chọn một quy trình trong danh sách để mở mẫu đơn của nó.',
  footer: 'Thành đoàn Đà Nẵng · Cổng xử lý hồ sơ chạy trên doanflow',
  footerNote: 'Dữ liệu trong bản trình diễn là hư cấu.',
};

type Strings = typeof vi;

const en: Strings = {
  union: 'Ho Chi Minh Communist Youth Union',
  organisation: 'Da Nang City Youth Union',
  portalName: 'Union case-handling portal',
  demoNotice: 'Demo: sample data, sign-in without a password.',
  languageLabel: 'Language',
  navInbox: 'My tasks',
  navStart: 'Start a request',
  navReport: 'Reports',
  reportTitle: 'The unit’s report',
  reportUnit: 'Unit',
  signOut: 'Sign out',
  signedInAs: 'Signed in',
  signInTitle: 'Sign in',
  signInLead:
    'Choose an officer to sign in as. Each sees the tasks of their roles and units: approve a member transfer as one, then sign in as the next to see it arrive in their inbox.',
  signInAs: 'Sign in',
  signingIn: 'Signing in…',
  signInFailed: 'Could not sign in: {message}',
  peopleFailed: 'Could not load the officers ({message}). The server needs DOANFLOW_DEV_TOKENS=1.',
  loadingPeople: 'Loading the officers…',
  groupCity: 'City Union',
  groupBase: 'Grassroots unions (communes, wards)',
  groupBranch: 'Branches',
  groupMember: 'Members',
  memberOf: 'Member of {unit}',
  deputy: 'deputy',
  noRole: 'Member',
  inboxLead: 'Requests waiting for you in every workflow. Choose “Open” to review and decide.',
  backToInbox: '← Back to my tasks',
  instanceTitle: 'Request',
  instanceSide: 'Progress and history of the request',
  skipToContent: 'Skip to the main content',
  startTitle: 'Start a request',
  startLead: 'The workflows your roles may start.',
  startNone: 'Your roles start no workflow.',
  chooseWorkflow: 'Choose a workflow from the list to open its form.',
  footer: 'Da Nang City Youth Union · Case-handling portal running on doanflow',
  footerNote: 'The demo data is fictitious.',
};

const catalogues: Record<Locale, Strings> = { vi, en };

export type PortalText = (key: keyof Strings, values?: Record<string, string>) => string;

export const portalText =
  (locale: Locale): PortalText =>
  (key, values = {}) =>
    catalogues[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? '');
