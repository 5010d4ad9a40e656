/** Fictional Chinese personal names drawn from common surnames and given-name characters. */
import type { Random } from './random';

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严覃武戴莫孔向汤',
];
// Two pools so that a name reads as one plausible person rather than a random mix of characters.
const GIVEN_POOLS = [
  [...'丽静敏燕艳娟霞芳娜玲秀英慧颖倩蕾婷雪琳欣怡佳悦春红梅兰云晓文'],
  [...'军伟强磊洋勇杰涛明超刚平辉鹏斌宇浩凯健俊帆晨海波宁志立新永德成林峰鑫彬松柏清源文'],
];

/** Names unique within one generator: a repeat draws again. */
export class NameGenerator {
  private readonly used = new Set<string>();
  constructor(private readonly random: Random) {}

  next(): string {
    for (let attempt = 0; attempt < 50; attempt++) {
      const pool = this.random.pick(GIVEN_POOLS);
      const given = this.random.chance(0.75) ? this.random.pick(pool) + this.random.pick(pool) : this.random.pick(pool);
      const name = this.random.pick(SURNAMES) + given;
      if (!this.used.has(name) && given[0] !== given[1]) {
        this.used.add(name);
        return name;
      }
    }
    // Thousands of officials can exhaust short names; a three-character given name is still plausible.
    const pool = this.random.pick(GIVEN_POOLS);
    const name = this.random.pick(SURNAMES) + this.random.pick(pool) + this.random.pick(pool) + this.random.pick(pool);
    this.used.add(name);
    return name;
  }
}
