/**
 * The fictional county of 青岚县 and its phone numbers. Every number uses the
 * 555 exchange (0999-555xxxx), which is not assigned to anyone.
 */
export const COUNTY = '青岚县';

export const HALL_PHONES = {
  desk: '0999-5550100',
  complaint: '0999-5550999',
  duty: '0999-5550123',
} as const;

export const COUNTY_HALL_ID = 'hall-county';
export const VILLAGE_POINT_IDS = ['point-dongshan', 'point-xihe', 'point-nanping'] as const;

/** Village and township names used to give scaled and village-scoped content local variety. */
export const VILLAGES = [
  '东山村',
  '西河村',
  '南坪村',
  '北岭村',
  '青石村',
  '白沙村',
  '柳塘村',
  '杏花村',
  '石门村',
  '桃源村',
  '竹溪村',
  '枫林村',
  '龙井村',
  '梅岭村',
  '黄泥湾村',
  '上坪村',
  '下湾村',
  '松岗村',
  '荷塘村',
  '水口村',
  '长冲村',
  '金竹村',
  '新田村',
  '大路村',
  '河口村',
  '高桥村',
  '马鞍村',
  '凤凰村',
  '李家村',
  '王家坝村',
] as const;

export const TOWNS = [
  '城关镇',
  '东山镇',
  '西河镇',
  '南坪乡',
  '北岭镇',
  '白沙镇',
  '青石乡',
  '柳塘镇',
  '石门乡',
  '桃源镇',
  '竹溪乡',
  '枫林镇',
  '龙井乡',
  '梅岭镇',
  '松岗镇',
  '荷塘乡',
  '水口镇',
  '金竹乡',
  '新田镇',
  '河口镇',
] as const;
