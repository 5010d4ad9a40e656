/**
 * Settings templates shipped with the demo: staff pick one when pairing a
 * kiosk and it fills the settings (each can still be changed before pairing
 * or later). Screen orientation is not a setting: the kiosk's layout follows
 * the screen it runs on (CSS orientation queries); the names say which screen
 * a template was made for.
 */
import type { KioskSettings } from '../console/fleet/kiosk-settings';

export interface KioskTemplate {
  id: string;
  name: string;
  description: string;
  settings: Partial<Omit<KioskSettings, 'staffPinHash'>>;
}

export const DEMO_KIOSK_TEMPLATES: readonly KioskTemplate[] = [
  {
    id: 'hall-portrait',
    name: '大厅竖屏',
    description: '县政务服务大厅的竖屏查询机：三种语言，80 mm 小票打印机，空闲 90 秒回到首页',
    settings: {
      languages: ['zh-Hans', 'zh-Hant', 'en'],
      idleTimeoutSeconds: 90,
      printer: 'receipt-80mm',
      theme: 'default',
      elderModeDefault: false,
    },
  },
  {
    id: 'hall-landscape',
    name: '大厅横屏',
    description: '叫号屏旁的横屏查询机：三种语言，无打印机，空闲 60 秒回到首页',
    settings: {
      languages: ['zh-Hans', 'zh-Hant', 'en'],
      idleTimeoutSeconds: 60,
      printer: 'none',
      theme: 'default',
      elderModeDefault: false,
    },
  },
  {
    id: 'village-point',
    name: '村代办点',
    description: '村便民服务点：简体中文，默认长辈模式、高对比度，A4 打印机，空闲 180 秒回到首页',
    settings: { languages: ['zh-Hans'], idleTimeoutSeconds: 180, printer: 'a4', theme: 'high-contrast', elderModeDefault: true },
  },
];
