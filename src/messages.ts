/** Every string a worker, officer or admin sees. Vietnamese only; code elsewhere never writes user-facing text. */
import type { TopicId } from './knowledge/schema.js';

/** 4000 → "4.000" (Vietnamese groups thousands with dots). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

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

/** Topic names inside a sentence ("Về vay vốn: …", a follow-up answered with the previous topic). */
export const TOPIC_SHORT: Record<TopicId, string> = {
  'vay-von': 'vay vốn',
  'suc-khoe': 'khám sức khỏe',
  tet: 'hỗ trợ Tết',
  'ho-tro': 'trợ cấp, hỗ trợ',
  'phap-luat': 'tư vấn pháp luật',
  'doan-vien': 'gia nhập công đoàn',
  'hoat-dong': 'hoạt động công đoàn',
};

/** Topics offered in menus (the benefits workers ask about). */
export const MENU_TOPICS: TopicId[] = ['vay-von', 'suc-khoe', 'tet', 'ho-tro', 'phap-luat', 'doan-vien'];

/** Menus are numbered: on Zalo (no buttons) a worker picks a topic by typing its number; on Telegram too. */
const topicList = (ids: readonly TopicId[]) => ids.map((id, i) => `${i + 1}. ${TOPIC_LABELS[id]}`).join('\n');

export const msg = {
  welcome: (ids: readonly TopicId[]) =>
    `Xin chào! Mình là trợ lý Hỏi Công đoàn 👋\nBạn có thể hỏi về những quyền lợi công đoàn dành cho người lao động, ví dụ:\n${topicList(ids)}\n\nHãy gõ câu hỏi của bạn (có dấu hay không dấu đều được), hoặc gõ số để chọn một chủ đề.`,
  decline: (ids: readonly TopicId[]) =>
    `Xin lỗi, mình chưa có thông tin chắc chắn để trả lời câu này. Câu hỏi của bạn đã được chuyển tới cán bộ công đoàn, họ sẽ trả lời bạn sớm.\n\nHiện mình có thể trả lời về (gõ số để chọn):\n${topicList(ids)}`,
  suggest: (labels: readonly string[]) =>
    `Có phải bạn muốn hỏi về:\n${labels.map((l, i) => `${i + 1}. ${l}`).join('\n')}\n\nBạn gõ số để chọn một mục, hoặc hỏi cụ thể hơn nhé.`,
  empty: 'Bạn chưa gõ câu hỏi. Hãy gõ điều bạn muốn hỏi, ví dụ: "vay vốn công đoàn thế nào?"',
  tooLong: (max: number) => `Câu hỏi dài quá (tối đa ${max} ký tự). Bạn hãy hỏi ngắn gọn một ý thôi nhé.`,
  source: (title: string, date: string) => `Nguồn: ${title} (${date})`,
  asOf: (date: string) => `Lưu ý: số liệu tính đến ${date}, có thể đã thay đổi; hãy hỏi công đoàn cơ sở để biết thông tin mới nhất.`,
  figureYear: (year: string) => `Lưu ý: đây là số liệu năm ${year}, có thể đã thay đổi; hãy hỏi công đoàn cơ sở để biết thông tin mới nhất.`,
  unknown: (sentence: string) =>
    `${sentence}\nCâu hỏi của bạn đã được chuyển tới cán bộ công đoàn, họ sẽ trả lời bạn sớm.`,
  uncovered: (terms: string) =>
    `Xin lỗi, hiện mình chưa có thông tin về ${terms}. Câu hỏi của bạn đã được chuyển tới cán bộ công đoàn, họ sẽ trả lời bạn sớm; bạn cũng có thể hỏi Ban Chấp hành công đoàn cơ sở nơi bạn làm việc.`,
  smallTalk: {
    who: 'Mình là trợ lý Hỏi Công đoàn, một chương trình tự động trả lời về quyền lợi công đoàn dành cho người lao động ở Hà Nội (vay vốn, khám sức khỏe, Tết, hỗ trợ khó khăn, tư vấn pháp luật, gia nhập công đoàn). Bạn cứ gõ câu hỏi nhé.',
    thanks: 'Không có gì ạ! Bạn cần hỏi thêm gì về quyền lợi công đoàn thì cứ nhắn nhé.',
    ok: 'Vâng ạ. Bạn cần hỏi gì về quyền lợi công đoàn thì cứ nhắn nhé.',
    bye: 'Tạm biệt bạn! Khi cần hỏi về quyền lợi công đoàn, bạn cứ nhắn cho mình nhé.',
    complaint: 'Xin lỗi vì mình chưa giúp được bạn. Bạn thử hỏi ngắn gọn một ý, ví dụ "vay vốn công đoàn thế nào?", hoặc gõ "menu" để xem các chủ đề mình biết.',
  },
  dateEstimated: (date: string) => `khoảng ${date}`,
  topicEmpty: 'Chủ đề này hiện chưa có thông tin.',
  nonText: 'Mình chỉ đọc được tin nhắn chữ. Bạn hãy gõ câu hỏi nhé, ví dụ: "khám sức khỏe miễn phí".',
  feedbackThanks: 'Cảm ơn bạn đã góp ý!',
  feedbackSorry: 'Cảm ơn bạn! Câu trả lời đã được chuyển tới cán bộ công đoàn để xem lại.',
  slowDown: 'Bạn gửi nhanh quá, vui lòng chờ một chút rồi hỏi tiếp nhé.',
  error: 'Xin lỗi, hệ thống đang bận. Bạn vui lòng hỏi lại sau ít phút.',
  adminReplyPrefix: 'Cán bộ công đoàn trả lời câu hỏi của bạn:',
  // Conversations (issue 13): numbered choices, typed ratings, follow-ups.
  rateHint: 'Trả lời "đúng rồi" nếu câu này giúp được bạn, "sai rồi" nếu chưa đúng.',
  followUp: (topic: string, text: string) => `Về ${topic}: ${text}`,
  noChoice: (ids: readonly TopicId[]) => `Mình chưa rõ số này chọn gì (các lựa chọn trước đã hết hạn). Bạn gõ câu hỏi, hoặc gõ số để chọn một chủ đề:\n${topicList(ids)}`,
  choiceRange: (count: number) => (count === 1 ? 'Chỉ có một lựa chọn: bạn gõ 1 để chọn nhé.' : `Bạn gõ một số từ 1 đến ${count} để chọn nhé.`),
  thanksNoAnswer: 'Cảm ơn bạn! Bạn cứ gõ câu hỏi tiếp nhé.',
  nothingToRate: 'Bạn hãy gõ câu hỏi để mình trả lời, hoặc gõ "menu" để xem các chủ đề.',
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
  thesaurusGroup: 'một nhóm từ đồng nghĩa cần ít nhất hai từ',
  noFrontmatter: 'thiếu phần đầu (frontmatter) mở bằng dòng "---" ở dòng 1',
  unclosedFrontmatter: 'phần đầu (frontmatter) chưa được đóng bằng dòng "---"',
  yaml: (reason: string) => `lỗi cú pháp YAML: ${reason}`,
  /** YAML parser error codes, in Vietnamese. */
  yamlCodes: {
    TAB_AS_INDENT: 'không được dùng phím Tab để thụt lề, hãy dùng dấu cách',
    BAD_INDENT: 'thụt lề không đúng',
    DUPLICATE_KEY: 'một trường xuất hiện hai lần',
    MISSING_CHAR: 'thiếu dấu đóng (ngoặc hoặc nháy)',
    BLOCK_AS_IMPLICIT_KEY: 'dòng này thiếu dấu hai chấm hoặc thụt lề sai',
    MULTILINE_IMPLICIT_KEY: 'tên trường không được kéo dài nhiều dòng (thiếu dấu hai chấm?)',
    UNEXPECTED_TOKEN: 'có ký tự không mong đợi',
    BAD_SCALAR_START: 'giá trị bắt đầu bằng ký tự không hợp lệ, hãy đặt nó trong dấu nháy kép',
    BAD_DQ_ESCAPE: 'ký tự thoát sau dấu \\ không hợp lệ trong chuỗi nháy kép',
    MULTIPLE_DOCS: 'chỉ được có một khối YAML',
    IMPOSSIBLE: 'cú pháp không hợp lệ',
  } as Record<string, string>,
  yamlOther: (code: string) => `cú pháp không hợp lệ (${code})`,
  missing: 'thiếu trường này',
  wrongType: (expected: string) =>
    ({ string: 'phải là chữ, đặt trong dấu nháy kép', array: 'phải là danh sách, ví dụ [a, b]', boolean: 'phải là true hoặc false', object: 'phải là các dòng "tên: giá trị"', number: 'phải là số' })[expected] ??
    'sai kiểu giá trị',
  oneOf: (values: string[]) => `phải là một trong: ${values.join(', ')}`,
  unknownKey: 'trường này không được dùng ở đây (kiểm tra chính tả tên trường)',
  tooMany: (max: number) => `quá nhiều mục (tối đa ${max})`,
  tooLongField: (max: number) => `dài quá (tối đa ${max} ký tự)`,
  invalid: 'giá trị không hợp lệ',
  impossibleDate: 'ngày này không có trên lịch',
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
  replyStatus: { answer: 'trả lời', suggest: 'gợi ý chủ đề', decline: 'chuyển cán bộ' } as Record<string, string>,
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
  statsLegend: 'Mỗi dòng là một ngày có người hỏi: số câu hỏi gõ chữ / số câu bot trả lời được ngay (không tính gợi ý, chuyển cán bộ). Tỷ lệ tính trên 14 ngày gần nhất.',
  questionsAnswered: 'câu hỏi / bot trả lời được',
  noTraffic: 'Chưa có câu hỏi nào trong 14 ngày qua.',
  timeZone: (tz: string) => `Giờ hiển thị theo múi giờ ${tz}.`,
  topUnanswered: 'Câu chưa trả lời được hỏi nhiều nhất',
  replied: (n: number) => `Đã gửi trả lời tới ${n} người hỏi.`,
  ignored: 'Đã bỏ qua câu hỏi.',
  saved: (file: string) => `Đã lưu ${file} và cập nhật chỉ mục.`,
  notFound: (id: number) => `Không tìm thấy mục #${id}.`,
  emptyReply: 'Nội dung trả lời đang trống.',
  replyTooLong: (max: number, length: number) =>
    `Nội dung trả lời dài quá ${thousands(max)} ký tự (hiện có ${thousands(length)} ký tự). Vui lòng rút gọn, hoặc chia thành nhiều lần trả lời.`,
  badFileName: 'Tên tệp không hợp lệ: chỉ được là tệp .md nằm trong thư mục kiến thức (articles/, policies/, faq/).',
  fileExists: (file: string) => `Đã có tệp ${file}. Hãy đổi tên hoặc mở tệp đó để sửa.`,
  faqExists: (file: string) =>
    `Đã có ghi chú ${file} với tiêu đề này. Đổi tiêu đề để thêm ghi chú mới, hoặc đánh dấu "Thay thế ghi chú đã có" để ghi đè đúng tệp đó.`,
  noSuchFile: (file: string) => `Không có tệp ${file}.`,
  badVersion: 'Không tìm thấy phiên bản này.',
  noPhrasing: 'Không tìm thấy cách hỏi này (có thể đã được duyệt hoặc bỏ).',
  nowAnswered: 'Bot đã trả lời được',
  replaceExisting: 'Thay thế ghi chú đã có cùng tiêu đề (nếu có)',
  replyAndSave: 'Trả lời và lưu thành kiến thức',
  replyAndSaveHint: 'Lưu luôn câu trả lời thành kiến thức: tiêu đề và các cách hỏi',
  ignoreConfirm: 'Bỏ qua câu hỏi này? Nếu có người hỏi lại, câu hỏi vẫn ở trạng thái bỏ qua.',
  repliedAndSaved: (n: number, file: string) => `Đã gửi trả lời tới ${n} người hỏi và lưu ${file}.`,
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

/** Importing an article (CLI and admin page). */
export const importMsg = {
  unknownSource: 'Chưa rõ nguồn (hãy sửa)',
  cannotRead: (what: string, why: string) => `Không đọc được ${what}: ${why}`,
  noArticle: (what: string) => `Không tìm thấy bài viết nào trong ${what}.`,
  badUrl: 'Địa chỉ phải bắt đầu bằng http:// hoặc https://',
  timeout: (s: number) => `trang không trả lời sau ${s} giây`,
  tooBig: (mb: number) => `trang lớn hơn ${mb} MB`,
  httpStatus: (status: number) => `máy chủ trả lời mã ${status}`,
  unreachable: 'không kết nối được tới máy chủ',
  notText: (type: string) => `nội dung không phải văn bản hay HTML (${type})`,
  badUpload: 'Chỉ nhận tệp .html, .htm, .txt hoặc .md.',
  nothingGiven: 'Hãy dán nội dung, chọn một tệp hoặc nhập địa chỉ bài viết.',
  written: (file: string) => file,
  exists: (file: string) => `Đã có tệp ${file}; hãy xóa nó hoặc chọn thư mục khác.`,
  usage: 'Cách dùng: congdoan import TỆP|URL [--out THƯ_MỤC]',
} as const;

/** "Thử câu hỏi" on the admin page. */
export const tryMsg = {
  title: 'Thử câu hỏi',
  hint: 'Gõ một câu hỏi như người lao động sẽ hỏi: bạn thấy đúng câu bot sẽ trả lời, và vì sao.',
  ask: 'Thử',
  reply: 'Bot sẽ trả lời',
  confidence: 'Độ tin cậy',
  passages: 'Ba đoạn gần nhất',
  matched: 'Từ tìm thấy trong đoạn',
  unmatched: 'Từ không tìm thấy',
  none: '(không có)',
  why: 'Vì sao',
  empty: 'Hãy gõ một câu hỏi.',
  whyWelcome: 'Đây là lời chào: bot gửi lời chào và danh sách chủ đề.',
  whyEmpty: 'Câu hỏi không còn từ nào để tìm sau khi bỏ các từ hỏi (như "cho em hỏi", "không").',
  whyTooLong: 'Câu hỏi dài quá giới hạn nên bot nhờ hỏi ngắn hơn.',
  whyAnswer: (c: string, at: string, file: string) => `Độ tin cậy ${c} ≥ ${at}: bot trả lời bằng đoạn trích từ ${file}.`,
  whySuggest: (c: string, from: string, to: string, labels: string[]) =>
    `Độ tin cậy ${c} nằm giữa ${from} và ${to}: bot chưa chắc nên gợi ý ${labels.length} chủ đề (${labels.join('; ')}) và đưa câu hỏi vào hàng chờ.`,
  whyDecline: (c: string, from: string) => `Độ tin cậy ${c} < ${from}: không đoạn nào đủ khớp, bot xin lỗi và chuyển câu hỏi tới cán bộ.`,
} as const;

/** The officers' workbench pages: import, knowledge, learning. */
export const workMsg = {
  nav: { queue: 'Câu hỏi cần xem', knowledge: 'Kiến thức', import: 'Nhập bài viết', try: 'Thử câu hỏi', learn: 'Cách hỏi mới' },
  importTitle: 'Nhập bài viết',
  importHint: 'Dán nội dung bài báo, chọn tệp (.html, .txt, .md) hoặc nhập địa chỉ trang. Bot bỏ phần thừa của trang (tin khác, ảnh, chú thích, lượt xem, tác giả) và giữ nguyên các đoạn nội dung; bạn xem lại rồi lưu.',
  importPaste: 'Dán nội dung',
  importUpload: 'Hoặc chọn tệp',
  importUrl: 'Hoặc địa chỉ bài viết',
  importPreview: 'Xem trước',
  previewTitle: 'Xem trước: dòng gạch ngang là phần bị bỏ',
  previewSummary: (removed: number, kept: number) => `Đã bỏ ${removed} dòng thừa, giữ ${kept} đoạn nội dung.`,
  noise: {
    'before-title': 'tên chuyên mục',
    related: 'tin liên quan',
    image: 'ảnh',
    caption: 'chú thích ảnh',
    byline: 'tác giả, ngày đăng',
    counter: 'lượt xem, chia sẻ',
    'repeated-title': 'tiêu đề lặp lại (ảnh)',
    'link-run': 'dãy tiêu đề tin khác',
  } as Record<string, string>,
  roleTitle: 'tiêu đề',
  roleHeading: 'tiêu đề mục',
  fieldTitle: 'Tiêu đề',
  fieldDate: 'Ngày',
  fieldSource: 'Nguồn',
  fieldTopics: 'Chủ đề gợi ý',
  dateEstimated: 'ngày ước lượng từ nội dung, hãy kiểm tra',
  confirmTopics: 'hãy kiểm tra lại',
  draftTitle: 'Bản nháp tệp kiến thức (sửa được)',
  fileName: 'Tên tệp',
  draftText: 'Nội dung tệp',
  saveToKnowledge: 'Lưu vào kiến thức',
  savedFile: (file: string) => `Đã lưu ${file} và cập nhật chỉ mục.`,
  pastedOrigin: (date: string) => `dán trực tiếp ${date}`,
} as const;

/** The "Kiến thức" page. */
export const knowMsg = {
  title: 'Kiến thức',
  newPolicy: '+ Ghi chú quyền lợi mới',
  newFaq: '+ Câu hỏi thường gặp mới',
  importArticle: '+ Nhập bài viết',
  newNote: 'Tệp mới',
  file: 'Tệp',
  kind: 'Loại',
  kinds: { article: 'Bài viết', policy: 'Ghi chú quyền lợi', faq: 'Hỏi đáp', glossary: 'Từ điển viết tắt', other: 'Khác' } as Record<string, string>,
  titleCol: 'Tiêu đề',
  date: 'Ngày',
  paragraphs: 'Số đoạn',
  status: 'Tình trạng',
  good: 'Tốt',
  problem: 'Có lỗi (không dùng)',
  previous: 'Có lỗi: đang dùng bản tốt trước đó',
  trash: 'Thùng rác',
  restore: 'Khôi phục',
  back: '← Kiến thức',
  content: 'Nội dung (phần đầu YAML giữa hai dòng ---, rồi các đoạn văn cách nhau một dòng trống)',
  liveHint: 'Kết quả kiểm tra hiện ở đây khi bạn sửa.',
  save: 'Kiểm tra và lưu',
  delete: 'Xóa (chuyển vào thùng rác)',
  deleteConfirm: (file: string) => `Chuyển ${file} vào thùng rác? Bạn có thể khôi phục sau.`,
  history: 'Các phiên bản trước',
  view: 'Xem',
  restoreVersion: 'Dùng lại bản này',
  valid: (paragraphs: number) => `Hợp lệ: ${paragraphs} đoạn.`,
  saved: (file: string) => `Đã lưu ${file} và cập nhật chỉ mục.`,
  created: (file: string) => `Đã tạo ${file} và cập nhật chỉ mục.`,
  deleted: (file: string) => `Đã chuyển ${file} vào thùng rác.`,
  restored: (file: string) => `Đã khôi phục ${file}.`,
  noFile: (file: string) => `Không có tệp ${file}.`,
  badBody: 'Yêu cầu không hợp lệ: cần "file" và "text" (chuỗi).',
  tplFaqTitle: 'Câu hỏi người lao động hay hỏi',
  tplFaqQuestion: 'một cách hỏi khác',
  tplAuthor: 'Tên cán bộ',
  tplFaqBody: 'Câu trả lời ngắn gọn, đúng sự thật, nói rõ hỏi ở đâu (công đoàn cơ sở, LĐLĐ quận, huyện).',
  tplPolicyTitle: 'Tên quyền lợi',
  tplPolicyBody: 'Quyền lợi này là gì, dành cho ai, hỏi ở đâu. Mỗi đoạn 2–4 câu, tự hiểu được khi đứng một mình.\n\nCác con số kèm thời điểm của chúng, lấy từ bài nguồn.',
} as const;

/** "Cách hỏi mới": phrasings learned from workers. */
export const learnMsg = {
  title: 'Cách hỏi mới',
  hint: 'Những câu người lao động đã hỏi rồi chọn một gợi ý hoặc bấm 👍. Duyệt để thêm câu đó vào "questions" của ghi chú: lần sau hỏi như vậy, bot trả lời ngay.',
  question: 'Câu người lao động hỏi',
  note: 'Ghi chú họ chọn',
  count: 'Số người',
  via: { suggestion: 'chọn gợi ý', up: 'bấm 👍' } as Record<string, string>,
  approve: 'Duyệt',
  reject: 'Bỏ',
  rejectConfirm: 'Bỏ cách hỏi này? Nó sẽ không hiện lại.',
  empty: 'Chưa có cách hỏi mới nào.',
  approved: 'Đã thêm cách hỏi vào ghi chú và cập nhật chỉ mục.',
  rejected: 'Đã bỏ cách hỏi này.',
  badBody: 'Yêu cầu không hợp lệ: cần "file" và "key".',
} as const;
