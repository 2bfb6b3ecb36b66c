import type { PrintedDocument } from '../../src/issued-documents/render.ts';

/** Every Vietnamese letter with a diacritic, grouped by vowel as words (a line may break between them). */
export const vietnameseLetters =
  'àáảãạ ăằắẳẵặ âầấẩẫậ đ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ';
/** Lower case, then upper case. */
export const allDiacritics = `${vietnameseLetters} ${vietnameseLetters.toLocaleUpperCase('vi')}`;

/** A Quyết định khen thưởng of one round, as the award campaign's signing step issues it. */
export const sampleDecision: PrintedDocument = {
  model: {
    kind: 'award-decision',
    type: 'QĐ',
    issuingUnitId: 'dn',
    issuerLines: ['BCH TRUNG ƯƠNG ĐOÀN', 'BCH ĐOÀN TP. ĐÀ NẴNG'],
    issuedOn: '2026-12-02',
    title: 'QUYẾT ĐỊNH',
    about:
      'Về việc khen thưởng tập thể, cá nhân trong đợt “Xét khen thưởng chào mừng 95 năm Ngày thành lập Đoàn”',
    authority: 'BAN THƯỜNG VỤ THÀNH ĐOÀN ĐÀ NẴNG',
    grounds: [
      'Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;',
      'Căn cứ Quy chế khen thưởng, kỷ luật trong tổ chức Đoàn;',
      'Xét đề nghị của Hội đồng Thi đua – Khen thưởng,',
    ],
    body: [
      'Điều 1. Tặng Giấy khen của Ban Thường vụ Thành đoàn cho 3 tập thể, cá nhân có tên trong danh sách kèm theo, đã có thành tích xuất sắc trong công tác Đoàn và phong trào thanh thiếu nhi năm 2026.',
      `Điều 2. Văn phòng và các tập thể, cá nhân có tên tại Điều 1 căn cứ Quyết định thi hành. (${allDiacritics})`,
      'Điều 3. Quyết định có hiệu lực kể từ ngày ký.',
    ],
    recipients: ['Như Điều 2;', 'Thường trực Thành đoàn;', 'Lưu VP, Hội đồng TĐKT.'],
    signature: { heading: 'TM. BAN THƯỜNG VỤ', title: 'BÍ THƯ', name: 'Nguyễn Thị Hà', personId: 'p-ha' },
  },
  number: '12-QĐ/TĐTN-VP',
  place: 'Đà Nẵng',
  code: 'K7Q2-M9XD-4HPA',
  verifyUrl: 'https://doanflow.example.vn/verify/K7Q2M9XD4HPA',
  annex: {
    title: 'DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG',
    columns: ['STT', 'Tập thể, cá nhân', 'Hình thức khen thưởng'],
    rows: [
      ['1', 'Chi đoàn thôn 2, Đoàn xã Trà Đốc', 'Giấy khen tập thể xuất sắc'],
      ['2', 'Chi đoàn khu dân cư Tây An', 'Giấy khen tập thể xuất sắc'],
      ['3', 'Lê Thị Bình – Bí thư Chi đoàn thôn 2', 'Giấy khen cán bộ đoàn tiêu biểu'],
    ],
  },
};
