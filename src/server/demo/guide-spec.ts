/** The compact shape the guide catalogue is written in; guides.ts expands it into full records. */
import type { AUDIENCES, ITEM_TYPES, Material, Step } from '../../shared/content';

export interface GuideSpec {
  id: string;
  name: string;
  /** 口语化名称: what people actually call it. */
  plainName: string;
  itemType: (typeof ITEM_TYPES)[number];
  departmentId: string;
  audience: (typeof AUDIENCES)[number][];
  /** Working days; 0 means 当场办结. */
  legalDays: number;
  promisedDays: number;
  summary: string;
  basis: [title: string, article: string][];
  conditions: string[];
  materials: Material[];
  /** Defaults to the standard steps for the case type. */
  steps?: Step[];
  /** Fee item ids; absent means 不收费. */
  fees?: string[];
  windows: string[];
  visits: number;
  /** How to do it online, or null when it must be done in person. */
  online: string | null;
  result: string;
  faq: [question: string, answer: string][];
  topics: string[];
  lifeEvents: string[];
  popularity: number;
  /** Village points' agents also take this application: a village-scoped guide is published for each. */
  villageAgent?: boolean;
}
