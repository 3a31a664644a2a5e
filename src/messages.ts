/** Every string a worker, officer or admin sees. Vietnamese only; code elsewhere never writes user-facing text. */
import type { TopicId } from './knowledge/schema.js';

export const TOPIC_LABELS: Record<TopicId, string> = {
  'vay-von': 'Vay vốn (Quỹ Trợ vốn, vay qua Ngân hàng Chính sách)',
  'suc-khoe': 'Khám sức khỏe, tầm soát ung thư miễn phí',
  tet: 'Hỗ trợ Tết: quà, xe đưa về quê, Tết sum vầy',
  'ho-tro': 'Trợ cấp khó khăn, ốm đau, tai nạn; Mái ấm Công đoàn',
  'phap-luat': 'Tư vấn pháp luật, quyền lợi, BHXH, thỏa ước',
  'doan-vien': 'Gia nhập công đoàn',
  'hoat-dong': 'Hoạt động khác của công đoàn',
};

/** Short labels for buttons. */
export const TOPIC_BUTTONS: Record<TopicId, string> = {
  'vay-von': '💰 Vay vốn',
  'suc-khoe': '🩺 Khám sức khỏe',
  tet: '🧧 Hỗ trợ Tết',
  'ho-tro': '🤝 Trợ cấp, hỗ trợ',
  'phap-luat': '⚖️ Tư vấn pháp luật',
  'doan-vien': '🪪 Gia nhập công đoàn',
  'hoat-dong': '📌 Hoạt động khác',
};

/** Topics offered in menus (the benefits workers ask about). */
export const MENU_TOPICS: TopicId[] = ['vay-von', 'suc-khoe', 'tet', 'ho-tro', 'phap-luat', 'doan-vien'];

const topicList = (ids: readonly TopicId[]) => ids.map((id) => `• ${TOPIC_LABELS[id]}`).join('\n');

export const msg = {
  welcome: (ids: readonly TopicId[]) =>
    `Xin chào! Mình là trợ lý Hỏi Công đoàn 👋\nBạn có thể hỏi về những quyền lợi công đoàn dành cho người lao động, ví dụ:\n${topicList(ids)}\n\nHãy gõ câu hỏi của bạn, có dấu hay không dấu đều được.`,
  decline: (ids: readonly TopicId[]) =>
    `Xin lỗi, mình chưa có thông tin chắc chắn để trả lời câu này. Câu hỏi của bạn đã được chuyển tới cán bộ công đoàn, họ sẽ trả lời bạn sớm.\n\nHiện mình có thể trả lời về:\n${topicList(ids)}`,
  suggest: (labels: readonly string[]) =>
    `Có phải bạn muốn hỏi về:\n${labels.map((l, i) => `${i + 1}. ${l}`).join('\n')}\n\nBạn chọn một mục hoặc hỏi cụ thể hơn nhé.`,
  empty: 'Bạn chưa gõ câu hỏi. Hãy gõ điều bạn muốn hỏi, ví dụ: "vay vốn công đoàn thế nào?"',
  tooLong: (max: number) => `Câu hỏi dài quá (tối đa ${max} ký tự). Bạn hãy hỏi ngắn gọn một ý thôi nhé.`,
  source: (title: string, date: string) => `Nguồn: ${title} (${date})`,
  asOf: (date: string) => `Lưu ý: số liệu tính đến ${date}, có thể đã thay đổi; hãy hỏi công đoàn cơ sở để biết thông tin mới nhất.`,
  dateEstimated: (date: string) => `khoảng ${date}`,
  topicEmpty: 'Chủ đề này hiện chưa có thông tin.',
  nonText: 'Mình chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi nhé, ví dụ: "khám sức khỏe miễn phí".',
  feedbackThanks: 'Cảm ơn bạn đã góp ý!',
  feedbackSorry: 'Cảm ơn bạn! Câu trả lời đã được chuyển tới cán bộ công đoàn để xem lại.',
  slowDown: 'Bạn gửi nhanh quá, vui lòng chờ một chút rồi hỏi tiếp nhé.',
  error: 'Xin lỗi, hệ thống đang bận. Bạn vui lòng hỏi lại sau ít phút.',
  adminReplyPrefix: 'Cán bộ công đoàn trả lời câu hỏi của bạn:',
  helpful: '👍 Hữu ích',
  notHelpful: '👎 Chưa đúng',
} as const;

/** Messages of the knowledge checker (shown to officers). */
export const checkMsg = {
  empty: 'không được để trống',
  root: '(gốc)',
  date: 'ngày phải có dạng YYYY-MM-DD, YYYY-MM hoặc YYYY',
  atLeastOneTopic: 'cần ít nhất một chủ đề',
  atLeastOneSource: 'cần ít nhất một bài nguồn',
  atLeastOneQuestion: 'cần ít nhất một cách hỏi',
  noFrontmatter: 'thiếu phần đầu (frontmatter) mở bằng dòng "---" ở dòng 1',
  unclosedFrontmatter: 'phần đầu (frontmatter) chưa được đóng bằng dòng "---"',
  yaml: (reason: string) => `lỗi cú pháp YAML: ${reason}`,
  field: (path: string, reason: string) => `trường "${path}": ${reason}`,
  emptyBody: 'nội dung bài trống',
  notUtf8: 'tệp không phải UTF-8 hợp lệ',
  unknownFolder: 'tệp .md phải nằm trong articles/, policies/ hoặc faq/',
  duplicateTitle: (other: string) => `tiêu đề trùng với ${other}`,
  unreadable: (code: string) => `không đọc được tệp (${code})`,
  tooLarge: (bytes: number, limit: number) => `tệp quá lớn: ${bytes} byte, giới hạn ${limit} byte`,
  summaryOk: (files: number, passages: number) => `Tốt: ${files} tệp, ${passages} đoạn.`,
  summaryBad: (bad: number, files: number) => `${bad}/${files} tệp có lỗi.`,
  notADir: (dir: string) => `không đọc được thư mục ${dir}`,
} as const;

/** The admin page, API errors and Telegram admin commands. */
export const adminMsg = {
  title: 'Hỏi Công đoàn: quản trị',
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  tokenLabel: 'Mã quản trị (ADMIN_TOKEN)',
  wrongToken: 'Mã quản trị không đúng.',
  tooManyAttempts: 'Sai quá nhiều lần. Vui lòng thử lại sau 15 phút.',
  badCsrf: 'Phiên làm việc không hợp lệ, hãy tải lại trang.',
  unauthorized: 'Chưa đăng nhập hoặc mã quản trị không đúng.',
  tooLarge: 'Nội dung gửi lên quá lớn.',
  queue: 'Câu hỏi cần xem',
  stats: 'Thống kê',
  knowledgeProblems: 'Tệp kiến thức có lỗi',
  keptPrevious: 'đang dùng bản tốt trước đó',
  noProblems: 'Tất cả tệp kiến thức đều hợp lệ.',
  statusLabel: 'Trạng thái',
  status: { new: 'Mới', answered: 'Đã trả lời', ignored: 'Bỏ qua' } as Record<string, string>,
  reasons: { decline: 'Bot không trả lời được', suggest: 'Bot chỉ gợi ý', feedback: 'Người hỏi chê 👎' } as Record<string, string>,
  all: 'Tất cả',
  filter: 'Lọc',
  sortNewest: 'Mới nhất',
  sortMost: 'Hỏi nhiều nhất',
  channel: 'Kênh',
  count: 'Số lần hỏi',
  firstSeen: 'Lần đầu',
  lastSeen: 'Lần cuối',
  empty: 'Không có câu hỏi nào.',
  askers: 'Người hỏi',
  conversation: 'Hội thoại',
  botSaid: 'Bot đã trả lời',
  adminReplies: 'Cán bộ đã trả lời',
  reply: 'Trả lời người hỏi',
  replyHint: 'Tin nhắn được gửi tới tất cả người hỏi qua đúng kênh họ đã dùng.',
  ignore: 'Bỏ qua',
  saveKnowledge: 'Lưu thành kiến thức',
  knowledgeTitle: 'Tiêu đề',
  knowledgeAnswer: 'Câu trả lời (bot sẽ trích từ đây)',
  knowledgeQuestions: 'Các cách hỏi khác (mỗi dòng một câu)',
  back: '← Danh sách',
  perDay: 'Câu hỏi mỗi ngày',
  answeredShare: 'Tỷ lệ bot trả lời được',
  topUnanswered: 'Câu chưa trả lời được hỏi nhiều nhất',
  replied: (n: number) => `Đã gửi trả lời tới ${n} người hỏi.`,
  ignored: 'Đã bỏ qua câu hỏi.',
  saved: (file: string) => `Đã lưu ${file} và cập nhật chỉ mục.`,
  notFound: (id: number) => `Không tìm thấy mục #${id}.`,
  emptyReply: 'Nội dung trả lời đang trống.',
  // Telegram admin commands
  pendingNone: 'Không có câu hỏi mới nào.',
  pendingList: (rows: { id: number; question: string; count: number }[]) =>
    `Câu hỏi mới:\n${rows.map((r) => `#${r.id} (${r.count} lần): ${r.question}`).join('\n')}\n\nTrả lời: /reply <số> <nội dung>\nBỏ qua: /ignore <số>`,
  replyUsage: 'Cách dùng: /reply <số> <nội dung trả lời>',
  ignoreUsage: 'Cách dùng: /ignore <số>',
  notifyOn: 'Đã bật thông báo khi có câu hỏi mới bot không trả lời được. Tắt: /notify off',
  notifyOff: 'Đã tắt thông báo.',
  notice: (id: number, question: string) => `🔔 Câu hỏi mới bot chưa trả lời được (#${id}):\n${question}\n\n/reply ${id} <nội dung>`,
} as const;

/** Replies the bot gave up sending (admin page section and API). */
export const deliveryMsg = {
  failedTitle: 'Tin trả lời chưa gửi được',
  failedNone: 'Không có tin trả lời nào bị bỏ dở.',
  failedHint: (hours: number) =>
    `Bot thử gửi lại mỗi tin trong ${hours} giờ. Sau thời hạn đó, hoặc khi kênh báo lỗi không thể gửi (người dùng đã chặn bot, không tìm thấy cuộc trò chuyện), tin được ghi ở đây.`,
  reasons: {
    permanent: 'Kênh từ chối vĩnh viễn (đã chặn bot hoặc không tìm thấy cuộc trò chuyện)',
    deadline: 'Quá thời hạn gửi (kênh không hoạt động)',
    unknown: 'Không gửi được',
  } as Record<string, string>,
  when: 'Bỏ dở lúc',
  to: 'Người nhận',
  text: 'Nội dung',
  reason: 'Lý do',
  resend: 'Gửi lại',
  resent: (id: number) => `Đã xếp tin #${id} để gửi lại.`,
  notFailed: (id: number) => `Tin #${id} không ở trạng thái bỏ dở.`,
} as const;
