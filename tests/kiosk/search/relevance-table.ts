/**
 * What a resident types and what must come first, on the demo dataset
 * (buildDemoDataset). `top` is the first hit of the named result group; the
 * note says what kind of input the row exercises. Keep rows honest: when the
 * ranking rules say otherwise, change the rules (and argue why), not the row.
 */
import type { ResultGroup } from '../../../src/kiosk/search/search-index';
import { WORDS_ROWS } from './relevance-words';

export interface RelevanceRow {
  query: string;
  group: ResultGroup;
  /** null: nothing at all may be offered (a service the hall does not offer). */
  top: string | null;
  kind:
    | 'pinyin'
    | 'initials'
    | 'hanzi'
    | 'traditional'
    | 'typo'
    | 'polyphone'
    | 'homophone'
    | 'code'
    | 'mixed'
    | 'everyday'
    | 'cost'
    | 'absent'
    | 'english';
  /** A cost question: must be recognised as one. */
  cost?: boolean;
  /** The top guide must say it is free (不收费). */
  noFee?: boolean;
  /** The hit must come from a one-letter correction (typos) or must not (everything else). */
  corrected?: boolean;
  /**
   * false when the row is not expected to hold on the scaled dataset (25,000 records):
   * corrections spend a bounded effort, and a missing letter is tried last.
   */
  atScale?: boolean;
}

export const CATALOGUE_ROWS: RelevanceRow[] = [
  // 低保, the issue's own example, every way a resident might type it
  { query: 'dibao', group: 'guide', top: 'guide-mz-dibao', kind: 'pinyin' },
  { query: 'db', group: 'guide', top: 'guide-mz-dibao', kind: 'initials' },
  { query: '低保', group: 'guide', top: 'guide-mz-dibao', kind: 'hanzi' },
  { query: '最低生活保障', group: 'guide', top: 'guide-mz-dibao', kind: 'hanzi' },
  { query: 'zuidishenghuo', group: 'guide', top: 'guide-mz-dibao', kind: 'pinyin' },
  { query: 'zdshbz', group: 'guide', top: 'guide-mz-dibao', kind: 'initials' },
  { query: 'dibso', group: 'guide', top: 'guide-mz-dibao', kind: 'typo', corrected: true },
  { query: 'dibaoo', group: 'guide', top: 'guide-mz-dibao', kind: 'typo', corrected: true },
  { query: '底保', group: 'guide', top: 'guide-mz-dibao', kind: 'homophone', corrected: true },
  { query: 'minzheng', group: 'guide', top: 'guide-mz-dibao', kind: 'pinyin' },
  { query: '困难救助', group: 'guide', top: 'guide-mz-dibao', kind: 'hanzi' },
  // 户口, 身份证, 社保卡
  { query: '戶口遷移', group: 'guide', top: 'guide-ga-hukou-transfer', kind: 'traditional' },
  { query: 'hukouqianyi', group: 'guide', top: 'guide-ga-hukou-transfer', kind: 'pinyin' },
  { query: 'hkqy', group: 'guide', top: 'guide-ga-hukou-transfer', kind: 'initials' },
  { query: 'hukouqinyi', group: 'guide', top: 'guide-ga-hukou-transfer', kind: 'typo', corrected: true, atScale: false },
  { query: '上户口', group: 'guide', top: 'guide-ga-birth-registration', kind: 'hanzi' },
  { query: 'xinshengersh', group: 'guide', top: 'guide-ga-birth-registration', kind: 'pinyin' },
  { query: '居民身份证', group: 'guide', top: 'guide-ga-id-card', kind: 'hanzi' },
  { query: 'juzhuzheng', group: 'guide', top: 'guide-ga-residence-permit', kind: 'pinyin' },
  { query: 'shebaoka', group: 'guide', top: 'guide-rs-social-card', kind: 'pinyin' },
  { query: 'sbk', group: 'guide', top: 'guide-rs-social-card', kind: 'initials' },
  { query: 'ＳＢＫ', group: 'guide', top: 'guide-rs-social-card', kind: 'initials' },
  { query: 'sehbaoka', group: 'guide', top: 'guide-rs-social-card', kind: 'typo', corrected: true },
  // Two-letter initials: the guide a resident means comes first, not an official whose name shares the letters.
  { query: 'hk', group: 'guide', top: 'guide-ga-hukou-transfer', kind: 'initials' },
  { query: 'sb', group: 'guide', top: 'guide-rs-social-card', kind: 'initials' },
  { query: 'yb', group: 'guide', top: 'guide-yb-resident-enroll', kind: 'initials' },
  { query: 'jh', group: 'guide', top: 'guide-mz-marriage', kind: 'initials' },
  { query: 'jz', group: 'guide', top: 'guide-ga-residence-permit', kind: 'initials' },
  { query: 'cs', group: 'guide', top: 'guide-ga-birth-registration', kind: 'initials' },
  { query: 'HK', group: 'guide', top: 'guide-ga-hukou-transfer', kind: 'initials' },
  // 医保, 养老, 生育
  { query: 'yibao', group: 'guide', top: 'guide-yb-resident-enroll', kind: 'pinyin' },
  { query: 'yiboa', group: 'guide', top: 'guide-yb-resident-enroll', kind: 'typo', corrected: true },
  { query: 'yidijiuyi', group: 'guide', top: 'guide-yb-remote-care', kind: 'pinyin' },
  { query: '異地就醫', group: 'guide', top: 'guide-yb-remote-care', kind: 'traditional' },
  { query: '养老金', group: 'guide', top: 'guide-rs-resident-pension-claim', kind: 'hanzi' },
  { query: 'yanglaojin', group: 'guide', top: 'guide-rs-resident-pension-claim', kind: 'pinyin' },
  { query: '准生证', group: 'guide', top: 'guide-wj-birth-registration', kind: 'hanzi' },
  { query: 'gaolingjintie', group: 'guide', top: 'guide-mz-elderly-allowance', kind: 'pinyin' },
  // 婚姻
  { query: '结婚', group: 'guide', top: 'guide-mz-marriage', kind: 'hanzi' },
  { query: 'jiehun', group: 'guide', top: 'guide-mz-marriage', kind: 'pinyin' },
  { query: 'lihun', group: 'guide', top: 'guide-mz-divorce', kind: 'pinyin' },
  { query: '結婚登記', group: 'guide', top: 'guide-mz-marriage', kind: 'traditional' },
  // 企业, 税务, 建房
  { query: 'yingyezhizhao', group: 'guide', top: 'guide-scjg-license-change', kind: 'pinyin' },
  { query: '營業執照', group: 'guide', top: 'guide-scjg-license-change', kind: 'traditional' },
  { query: 'kaigongsi', group: 'guide', top: 'guide-scjg-company', kind: 'pinyin' },
  { query: 'fapiao', group: 'guide', top: 'guide-sw-invoice', kind: 'pinyin' },
  { query: 'gerensuodeshui', group: 'guide', top: 'guide-sw-iit-annual', kind: 'pinyin' },
  { query: '宅基地审批', group: 'guide', top: 'guide-nync-homestead', kind: 'hanzi' },
  { query: 'zhaijidi', group: 'guide', top: 'guide-zrzy-rural-house-registration', kind: 'pinyin' },
  { query: 'ershoufang', group: 'guide', top: 'guide-zrzy-transfer-registration', kind: 'pinyin' },
  // Polyphones: 重 zhong/chong, 柏 bai/bo, 行 xing/hang, 会 hui/kuai
  { query: 'zhongducanji', group: 'guide', top: 'guide-mz-disability-subsidy', kind: 'polyphone' },
  { query: 'chongducanji', group: 'guide', top: 'guide-mz-disability-subsidy', kind: 'polyphone' },
  { query: 'kuaiji', group: 'fee', top: 'fee-accounting-exam-junior', kind: 'polyphone' },
  { query: 'huiji', group: 'fee', top: 'fee-accounting-exam-junior', kind: 'polyphone' },
  { query: 'nongjixingshizheng', group: 'fee', top: 'fee-farm-license', kind: 'polyphone' },
  { query: 'zhangwenbai', group: 'official', top: 'official-011', kind: 'polyphone' },
  { query: 'zhangwenbo', group: 'official', top: 'official-011', kind: 'polyphone' },
  // Fees
  { query: 'tuolaji', group: 'fee', top: 'fee-farm-plate-tractor', kind: 'pinyin' },
  { query: '居住证工本费', group: 'fee', top: 'fee-residence-permit', kind: 'hanzi' },
  { query: 'huohualu', group: 'fee', top: 'fee-funeral-cremation', kind: 'pinyin' },
  { query: 'gengdikaikenfei', group: 'fee', top: 'fee-land-reclaim-dry', kind: 'pinyin' },
  // Officials (a name leads to their window and today's duty)
  { query: 'hanyonghao', group: 'official', top: 'official-001', kind: 'pinyin' },
  { query: '韩永浩', group: 'official', top: 'official-001', kind: 'hanzi' },
  { query: 'hyh', group: 'official', top: 'official-001', kind: 'initials' },
  { query: 'rexian', group: 'official', top: 'official-031', kind: 'pinyin' },
  { query: 'A03', group: 'official', top: 'official-004', kind: 'code' },
  // Notices
  { query: 'qunuan', group: 'notice', top: 'notice-heating-subsidy', kind: 'pinyin' },
  { query: '体检', group: 'notice', top: 'notice-nanping-clinic', kind: 'hanzi' },
  { query: '身份證拍照', group: 'notice', top: 'notice-id-card-photo', kind: 'traditional' },
];

export const RELEVANCE_TABLE: RelevanceRow[] = [...CATALOGUE_ROWS, ...WORDS_ROWS];
